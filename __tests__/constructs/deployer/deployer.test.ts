import { DeployerIdentity, constrainedRoleAssignmentCondition, GITHUB_ACTIONS_ISSUER } from "../../../constructs/deployer/deployer-identity";
import { DeployerNetwork } from "../../../constructs/deployer/deployer-network";
import { ContainerAppsRunners } from "../../../constructs/deployer/container-apps-runners";
import { GitHubHostedNetwork } from "../../../constructs/deployer/github-hosted-network";
import { PLACEMENT, ofType, ref, single, synthResources } from "../synth";

const SUBSCRIPTION = "/subscriptions/00000000-0000-0000-0000-000000000001";

describe("DeployerIdentity", () => {
  const resources = synthResources(
    (scope) =>
      void new DeployerIdentity(scope, "deployer", {
        ...PLACEMENT,
        name: "id-deployer",
        subscriptionScope: SUBSCRIPTION,
        federation: { "github-prod": { issuer: GITHUB_ACTIONS_ISSUER, subject: "repo:hospital/infra:environment:prod" } },
        assignableRoleIds: ["7f951dda-4ed3-4680-a7ca-43fe172d538d", "acdd72a7-3385-48ef-bd42-f606fba81ae7"],
        dataAccess: { state: { scope: "/state/container", role: "Storage Blob Data Contributor" } },
      }),
  );
  const identity = ofType(resources, "azurerm_user_assigned_identity")[0];

  test("signs in only by GitHub OIDC for one repository's environment: no secret exists", () => {
    expect(single(resources, "azurerm_federated_identity_credential")).toMatchObject({
      parent_id: ref(identity),
      issuer: "https://token.actions.githubusercontent.com",
      subject: "repo:hospital/infra:environment:prod",
      audience: ["api://AzureADTokenExchange"],
    });
  });

  test("is Contributor on the subscription, and a role-assignment administrator limited by a condition", () => {
    const assignments = ofType(resources, "azurerm_role_assignment").map(({ values }) => values);
    expect(assignments.find((a) => a.role_definition_name === "Contributor")).toMatchObject({ scope: SUBSCRIPTION, principal_id: ref(identity, "principal_id") });
    const admin = assignments.find((a) => a.role_definition_name === "Role Based Access Control Administrator")!;
    expect(admin).toMatchObject({ scope: SUBSCRIPTION, condition_version: "2.0" });
    expect(admin.condition).toBe(constrainedRoleAssignmentCondition(["7f951dda-4ed3-4680-a7ca-43fe172d538d", "acdd72a7-3385-48ef-bd42-f606fba81ae7"], ref(identity, "principal_id")));
  });

  test("holds data access exactly where it is given, with least-privilege roles", () => {
    const data = ofType(resources, "azurerm_role_assignment").map(({ values }) => values).filter((a) => a.scope === "/state/container");
    expect(data).toEqual([expect.objectContaining({ role_definition_name: "Storage Blob Data Contributor", principal_id: ref(identity, "principal_id") })]);
  });
});

describe("constrainedRoleAssignmentCondition", () => {
  const condition = constrainedRoleAssignmentCondition(["b", "a", "b"], "self");

  test("limits writes and deletes to the listed roles (sorted, once each) and never the excluded principal", () => {
    expect(condition).toBe(
      "(((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {a, b} AND !(@Request[Microsoft.Authorization/roleAssignments:PrincipalId] ForAnyOfAnyValues:GuidEquals {self}))) AND " +
        "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {a, b} AND !(@Resource[Microsoft.Authorization/roleAssignments:PrincipalId] ForAnyOfAnyValues:GuidEquals {self}))))",
    );
  });

  test("wider roles go to service principals only, and still never to the excluded principal", () => {
    const widened = constrainedRoleAssignmentCondition(["a"], "self", ["c"]);
    for (const [verb, attribute] of [["write", "@Request"], ["delete", "@Resource"]] as const) {
      const clause = widened.split(`ActionMatches{'Microsoft.Authorization/roleAssignments/${verb}'}`)[1].split(") AND ((!")[0];
      expect(clause).toContain(
        `OR (${attribute}[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {c} AND ${attribute}[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'ServicePrincipal'} AND !(${attribute}[Microsoft.Authorization/roleAssignments:PrincipalId] ForAnyOfAnyValues:GuidEquals {self}))`,
      );
      // The least-privilege list is not widened by it.
      expect(clause).toContain(`GuidEquals {a} AND !(`);
    }
    expect(constrainedRoleAssignmentCondition(["a"], "self", [])).toBe(constrainedRoleAssignmentCondition(["a"], "self"));
  });

  test("refuses an empty list: that would be an administrator who can assign nothing, or a typo", () => {
    expect(() => constrainedRoleAssignmentCondition([], "self")).toThrow(/no role may be assigned/);
  });
});

describe("DeployerNetwork", () => {
  const build = (hub?: { vnetId: string; firewallPrivateIp: string; routeTableName: string }) =>
    synthResources(
      (scope) =>
        void new DeployerNetwork(scope, "net", {
          ...PLACEMENT,
          name: "vnet-deploy",
          addressSpace: "10.9.0.0/24",
          subnets: {
            runners: { name: "snet-runners", addressPrefix: "10.9.0.0/25", securityGroupName: "nsg-runners" },
            privateEndpoints: { name: "snet-pe", addressPrefix: "10.9.0.128/27", securityGroupName: "nsg-pe" },
          },
          runnersDelegation: { name: "aca", serviceDelegation: { name: "Microsoft.App/environments", actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"] } },
          hub,
          natGatewayName: "ng-deploy",
          zoneNames: { blob: "privatelink.blob.core.windows.net" },
        }),
    );

  test("standalone: the runners leave through a NAT gateway, never Azure's implicit outbound access", () => {
    const resources = build();
    const runners = ofType(resources, "azurerm_subnet").find(({ values }) => values.name === "snet-runners")!;
    expect(runners.values).toMatchObject({ default_outbound_access_enabled: false, delegation: [{ service_delegation: { name: "Microsoft.App/environments" } }] });
    expect(single(resources, "azurerm_subnet_nat_gateway_association")).toMatchObject({ subnet_id: ref(runners) });
    expect(single(resources, "azurerm_public_ip")).toMatchObject({ sku: "Standard", allocation_method: "Static" });
    expect(ofType(resources, "azurerm_route_table")).toEqual([]);
  });

  test("with a hub: peered, runners routed through the firewall, no NAT gateway", () => {
    const resources = build({ vnetId: "/hub", firewallPrivateIp: "10.0.1.4", routeTableName: "rt-deploy" });
    expect(ofType(resources, "azurerm_nat_gateway")).toEqual([]);
    expect(single(resources, "azurerm_virtual_network_peering").remote_virtual_network_id).toBe("/hub");
    const runners = ofType(resources, "azurerm_subnet").find(({ values }) => values.name === "snet-runners")!;
    expect(single(resources, "azurerm_subnet_route_table_association").subnet_id).toBe(ref(runners));
  });

  test("the pipeline's private DNS zones are linked to it", () => {
    const resources = build();
    const zone = ofType(resources, "azurerm_private_dns_zone")[0];
    expect(single(resources, "azurerm_private_dns_zone_virtual_network_link")).toMatchObject({ private_dns_zone_name: ref(zone, "name"), registration_enabled: false });
  });
});

describe("ContainerAppsRunners", () => {
  const resources = synthResources(
    (scope) =>
      void new ContainerAppsRunners(scope, "runners", {
        ...PLACEMENT,
        name: "fhi-prod-eus2-runners",
        subnetId: "/subnet/runners",
        image: "ghcr.io/hospital/runner@sha256:" + "a".repeat(64),
        repository: "hospital/infra",
        label: "fhi-prod-deploy",
        token: { keyVaultId: "/vaults/kv", secretUrl: "https://kv.vault.azure.net/secrets/github-runner-token" },
        maxConcurrentJobs: 2,
        jobTimeoutMinutes: 480,
      }),
  );
  const identity = ofType(resources, "azurerm_user_assigned_identity")[0];

  test("an internal environment in the deployer's subnet, closed to public networks", () => {
    expect(single(resources, "azurerm_container_app_environment")).toMatchObject({ infrastructure_subnet_id: "/subnet/runners", internal_load_balancer_enabled: true, public_network_access: "Disabled" });
  });

  test("one execution per queued job with our label; the token comes from Key Vault with the runners' own identity", () => {
    const job = single(resources, "azurerm_container_app_job");
    expect(job.event_trigger_config.scale[0].rules[0]).toMatchObject({
      custom_rule_type: "github-runner",
      metadata: { owner: "hospital", repos: "infra", runnerScope: "repo", labels: "fhi-prod-deploy", targetWorkflowQueueLength: "1" },
      authentication: [{ secret_name: "github-token", trigger_parameter: "personalAccessToken" }],
    });
    expect(job.event_trigger_config.scale[0]).toMatchObject({ min_executions: 0, max_executions: 2 });
    expect(job.secret).toEqual([{ name: "github-token", key_vault_secret_id: "https://kv.vault.azure.net/secrets/github-runner-token", identity: ref(identity) }]);
    expect(job).toMatchObject({ replica_timeout_in_seconds: 28800, replica_retry_limit: 0 });
    expect(job.template.container[0].image).toMatch(/@sha256:/);
  });

  test("the job is created only after the identity may read the secret and the grant has propagated", () => {
    const grant = ofType(resources, "azurerm_role_assignment")[0];
    expect(grant.values).toMatchObject({ scope: "/vaults/kv", role_definition_name: "Key Vault Secrets User", principal_id: ref(identity, "principal_id") });
    const [wait] = ofType(resources, "time_sleep");
    expect(wait.values.depends_on).toEqual([`azurerm_role_assignment.${grant.name}`]);
    expect(single(resources, "azurerm_container_app_job").depends_on).toEqual([`time_sleep.${wait.name}`]);
  });
});

test("GitHubHostedNetwork hands the subnet to GitHub for the given enterprise and exports the ID GitHub asks for", () => {
  const resources = synthResources(
    (scope) => void new GitHubHostedNetwork(scope, "gh", { name: "fhi-dev-runners", location: "eastus2", resourceGroupId: "/rg", subnetId: "/subnet/runners", businessId: "123" }),
  );
  expect(single(resources, "azapi_resource")).toMatchObject({
    type: "GitHub.Network/networkSettings@2024-04-02",
    parent_id: "/rg",
    body: { properties: { businessId: "123", subnetId: "/subnet/runners" } },
    response_export_values: ["tags.GitHubId"],
  });
});
