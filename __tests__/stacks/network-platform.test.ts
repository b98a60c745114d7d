import { ENVIRONMENTS } from "../../environments";
import { PRIVILEGED_ROLES, ROLE_DEFINITION_IDS } from "../../constructs/shared/roles";
import { hostsWorkspace } from "../../environments/schema/serving";
import { loadEnvironments } from "../../stacks/synth";
import { synthesizedEstateForThisFile } from "../support/synthesized";

const synthesized = synthesizedEstateForThisFile();

const ENV_NAMES = Object.keys(ENVIRONMENTS);
const loaded = Object.fromEntries(loadEnvironments().map((env) => [env.name, env]));
const loadedEnvironment = (name: string) => loaded[name];
const inEnv = (env: string) => synthesized.resources.filter(([stack]) => stack.startsWith(`${env}-`));
const ofType = (env: string, type: string) => inEnv(env).filter(([, resourceType]) => resourceType === type);
const reference = (type: string, name: string) => `\${${type}.${name}.id}`;

/** Attribute values that open a resource to the internet, wherever they appear in a block. */
const PUBLIC_SETTINGS: Record<string, unknown> = {
  public_network_access_enabled: true,
  public_network_access: "Enabled",
  publicNetworkAccess: "Enabled",
  internet_ingestion_enabled: true,
  internet_query_enabled: true,
  anonymous_pull_enabled: true,
  allow_nested_items_to_be_public: true,
  allow_blob_public_access: true,
};

function publicSettings(value: unknown, path: string): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => publicSettings(item, `${path}[${index}]`));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, inner]) => [
    ...(key in PUBLIC_SETTINGS && inner === PUBLIC_SETTINGS[key] ? [`${path}.${key} = ${JSON.stringify(inner)}`] : []),
    ...publicSettings(inner, `${path}.${key}`),
  ]);
}

/** Resource types reached over Private Link; each instance needs a private endpoint. */
const PAAS_TYPES: Record<string, string> = {
  azurerm_key_vault: "Microsoft.KeyVault/vaults",
  azurerm_container_registry: "Microsoft.ContainerRegistry/registries",
  azurerm_storage_account: "Microsoft.Storage/storageAccounts",
  azurerm_machine_learning_workspace: "Microsoft.MachineLearningServices/workspaces",
  azurerm_monitor_private_link_scope: "Microsoft.Insights/privateLinkScopes",
};

/** Built-in role definition GUIDs of Owner, Contributor and User Access Administrator. */
const PRIVILEGED_ROLE_IDS = ["8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "b24988ac-6180-42a0-ab88-20f7382dd24c", "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"];

describe.each(ENV_NAMES)("%s", (env) => {
  test("no resource anywhere has public network access enabled", () => {
    const open = inEnv(env).flatMap(([stack, type, name, block]) => publicSettings(block, "").map((setting) => `${stack}/${type}.${name}${setting}`));
    expect(open).toEqual([]);
  });

  test("every subnet has an NSG", () => {
    const subnets = ofType(env, "azurerm_subnet");
    expect(subnets.length).toBeGreaterThanOrEqual(4 * ENVIRONMENTS[env].regions.length);
    const associated = new Set(ofType(env, "azurerm_subnet_network_security_group_association").map(([stack, , , block]) => `${stack}:${String(block.subnet_id)}`));
    const missing = subnets.filter(([stack, type, name]) => !associated.has(`${stack}:${reference(type, name)}`)).map(([stack, , , block]) => `${stack}/${String(block.name)}`);
    expect(missing).toEqual([]);
  });

  test("every PaaS resource has a private endpoint", () => {
    const endpoints = ofType(env, "azurerm_private_endpoint").map(([stack, , , block]) => ({
      stack,
      target: String((block.private_service_connection as { private_connection_resource_id: string }).private_connection_resource_id),
    }));
    const paas = inEnv(env).filter(([, type]) => type in PAAS_TYPES);
    expect(paas.length).toBeGreaterThan(0);
    const unreachable = paas
      .filter(([stack, type, name, block]) =>
        !endpoints.some(
          (endpoint) =>
            (endpoint.stack === stack && endpoint.target === reference(type, name)) ||
            endpoint.target.toLowerCase().endsWith(`/providers/${PAAS_TYPES[type]}/${String(block.name)}`.toLowerCase()),
        ),
      )
      .map(([stack, type, name]) => `${stack}/${type}.${name}`);
    expect(unreachable).toEqual([]);
  });

  test("no role assignment uses a privileged role, but the deployer's two in the bootstrap and those Azure ML documents for its workspace identity: each constrained and explained", () => {
    const assignments = ofType(env, "azurerm_role_assignment");
    expect(assignments.length).toBeGreaterThan(0);
    const privileged = assignments.filter(
      ([, , , block]) =>
        PRIVILEGED_ROLES.some((role) => role.toLowerCase() === String(block.role_definition_name ?? "").toLowerCase()) ||
        PRIVILEGED_ROLE_IDS.some((id) => String(block.role_definition_id ?? "").toLowerCase().includes(id)),
    );
    const bootstrap = privileged.filter(([stack]) => stack === `${env}-bootstrap`);
    expect(bootstrap.map(([stack, , , block]) => [stack, block.role_definition_name, block.scope])).toEqual([
      [`${env}-bootstrap`, "Contributor", `/subscriptions/${ENVIRONMENTS[env].subscriptionId}`],
      [`${env}-bootstrap`, "Role Based Access Control Administrator", `/subscriptions/${ENVIRONMENTS[env].subscriptionId}`],
    ]);
    for (const [, , , block] of privileged) {
      expect((block["//"] as { policy_suppressions: unknown[] }).policy_suppressions).toEqual([{ ruleId: "FHI-IAM-001", reason: expect.any(String) }]);
    }
    // Azure ML's user-assigned workspace identity: Contributor on the workspace and each associated resource, one
    // resource each, the documentation as the reason (how-to-identity-based-service-authentication).
    const workspaceGrants = privileged.filter(([stack]) => stack !== `${env}-bootstrap`);
    const regionsWithWorkspace = loadedEnvironment(env).regions.filter(hostsWorkspace);
    expect(workspaceGrants).toHaveLength(5 * regionsWithWorkspace.length);
    for (const [, , , block] of workspaceGrants) {
      expect(block).toMatchObject({ role_definition_name: "Contributor", principal_id: expect.stringMatching(/identities_amlWorkspace_\w+\.?principal_id/), description: expect.stringContaining("how-to-identity-based-service-authentication") });
      expect(String(block.scope)).toMatch(/^\$\{(azurerm_machine_learning_workspace|azurerm_storage_account|azurerm_container_registry|azurerm_key_vault|data\.terraform_remote_state\.[\w-]+\.outputs\.cross-stack-output-azurerm_application_insights)/);
      expect((block["//"] as { policy_suppressions: { reason: string }[] }).policy_suppressions[0].reason).toContain("Documented as required: Microsoft Learn, how-to-identity-based-service-authentication");
    }
    // The administrator may grant only the reviewed roles, and never to the deployer itself; Contributor only where a
    // workspace's identity needs it; never Owner or User Access Administrator.
    const condition = String(bootstrap[1][3].condition);
    for (const id of Object.values(ROLE_DEFINITION_IDS)) expect(condition).toContain(id);
    const [owner, contributor, userAccessAdministrator] = PRIVILEGED_ROLE_IDS;
    for (const id of [owner, userAccessAdministrator]) expect(condition).not.toContain(id);
    expect(condition.includes(contributor)).toBe(regionsWithWorkspace.length > 0);
    expect(condition).toContain("!(@Request[Microsoft.Authorization/roleAssignments:PrincipalId] ForAnyOfAnyValues:GuidEquals {${azurerm_user_assigned_identity.deployer_identity");
    const viaAzapi = ofType(env, "azapi_resource").filter(
      ([, , , block]) =>
        String(block.type).startsWith("Microsoft.Authorization/roleAssignments") && PRIVILEGED_ROLE_IDS.some((id) => JSON.stringify(block.body ?? {}).toLowerCase().includes(id)),
    );
    expect(viaAzapi).toEqual([]);
  });

  test("every Key Vault, registry and storage account sends diagnostics to Log Analytics", () => {
    const targets = new Set(ofType(env, "azurerm_monitor_diagnostic_setting").map(([stack, , , block]) => `${stack}:${String(block.target_resource_id)}`));
    const paas = inEnv(env).filter(([stack, type]) => type in PAAS_TYPES && type !== "azurerm_monitor_private_link_scope" && !stack.endsWith("-bootstrap"));
    const silent = paas.filter(([stack, type, name]) => !targets.has(`${stack}:${reference(type, name)}`)).map(([stack, type, name]) => `${stack}/${type}.${name}`);
    expect(silent).toEqual([]);
  });

  test("flow logs keep at least 90 days, up to the environment's log retention (FHI-NET-006)", () => {
    const flowLogs = ofType(env, "azurerm_network_watcher_flow_log");
    expect(flowLogs.length).toBe(ENVIRONMENTS[env].regions.length);
    // Schema default: 90 days.
    const logRetentionDays = ENVIRONMENTS[env].observability?.logRetentionDays ?? 90;
    for (const [, , , block] of flowLogs) expect(block.retention_policy).toEqual({ enabled: true, days: Math.min(Math.max(logRetentionDays, 90), 365) });
  });

  test("stateful platform resources are locked exactly where the environment asks for locks", () => {
    const locked = new Set(ofType(env, "azurerm_management_lock").map(([stack, , , block]) => `${stack}:${String(block.scope)}`));
    const stateful = inEnv(env).filter(([stack, type]) => type in PAAS_TYPES && type !== "azurerm_monitor_private_link_scope" && !stack.endsWith("-bootstrap"));
    const lockedCount = stateful.filter(([stack, type, name]) => locked.has(`${stack}:${reference(type, name)}`)).length;
    expect(lockedCount).toBe(ENVIRONMENTS[env].protection?.resourceLocks === false ? 0 : stateful.length);
  });

  test("the registry, storage accounts and disk encryption set encrypt with the environment's own rotating keys", () => {
    const platform = (type: string) => ofType(env, type).filter(([stack]) => stack.endsWith("-platform")).map(([, , , block]) => block as any);
    const versionless = (purpose: string) => expect.stringMatching(new RegExp(`^\\$\\{azapi_resource\\.cmk-${purpose}_key_\\w+\\.output\\.properties\\.keyUri\\}$`));
    const registries = platform("azurerm_container_registry");
    expect(registries).toHaveLength(ENVIRONMENTS[env].regions.length);
    for (const registry of registries) expect(registry.encryption).toEqual([expect.objectContaining({ key_vault_key_id: versionless("acr") })]);
    const accounts = platform("azurerm_storage_account");
    // Flow logs in every region; Azure ML's storage where the region hosts a workspace.
    expect(accounts).toHaveLength(loadedEnvironment(env).regions.reduce((sum, region) => sum + (hostsWorkspace(region) ? 2 : 1), 0));
    for (const account of accounts) expect(account.customer_managed_key).toEqual(expect.objectContaining({ key_vault_key_id: versionless("storage") }));
    for (const set of platform("azurerm_disk_encryption_set")) expect(set.key_vault_key_id).toEqual(versionless("disks"));
  });

  test("the registry is zone-redundant exactly where the environment asks for it", () => {
    const registries = ofType(env, "azurerm_container_registry").map(([, , , block]) => block.zone_redundancy_enabled);
    expect(registries).toEqual(ENVIRONMENTS[env].regions.map(() => ENVIRONMENTS[env].protection?.zoneRedundant === true));
  });

  test("the state account is Entra-ID-only and locked whatever the environment", () => {
    const backend = ENVIRONMENTS[env].stateBackend;
    const [account] = ofType(env, "azurerm_storage_account").filter(([stack, , , block]) => stack === `${env}-bootstrap` && block.name === backend.storageAccountName);
    expect(account[3]).toMatchObject({ shared_access_key_enabled: false, public_network_access_enabled: false });
    const locks = ofType(env, "azurerm_management_lock").filter(([stack, , , block]) => stack === `${env}-bootstrap` && block.scope === reference("azurerm_storage_account", account[2]));
    expect(locks).toHaveLength(1);
  });

  test("the bootstrap stack keeps its own state locally: the account it creates cannot hold it", () => {
    const bootstrap = synthesized.estate.stacks.find((stack) => stack.stack === `${env}-bootstrap`)!;
    expect(bootstrap.json.terraform.backend).toEqual({ local: { path: `${env}-bootstrap.tfstate` } });
  });

  test("the state account's blob endpoint is in the deployer network, registered in its blob zone; the primary network stack sends its access logs to the workspace", () => {
    const backend = ENVIRONMENTS[env].stateBackend;
    const primary = `${env}-${ENVIRONMENTS[env].regions[0].location}-network`;
    const [[, , accountName]] = ofType(env, "azurerm_storage_account").filter(([stack, , , block]) => stack === `${env}-bootstrap` && block.name === backend.storageAccountName);
    const endpoints = ofType(env, "azurerm_private_endpoint").filter(
      ([, , , block]) => (block.private_service_connection as { private_connection_resource_id: string }).private_connection_resource_id === reference("azurerm_storage_account", accountName),
    );
    expect(endpoints.map(([stack, , , block]) => [stack, block.subnet_id])).toEqual([[`${env}-bootstrap`, expect.stringMatching(/azurerm_subnet\.deployer-network_subnet-privateEndpoints_/)]]);
    expect((endpoints[0][3].private_dns_zone_group as { private_dns_zone_ids: string[] }).private_dns_zone_ids).toEqual([expect.stringMatching(/azurerm_private_dns_zone\.deployer-network_dns_zone-blob_/)]);
    const blobLogs = ofType(env, "azurerm_monitor_diagnostic_setting").filter(([, , , block]) => String(block.target_resource_id).endsWith(`/storageAccounts/${backend.storageAccountName}/blobServices/default`));
    expect(blobLogs.map(([stack, , , block]) => [stack, block.enabled_log])).toEqual([[primary, [{ category_group: "allLogs" }]]]);
  });
});

test("pilot's spoke and deployer network peer with the hub and send their workloads' default route to the hub firewall", () => {
  const hub = ENVIRONMENTS.pilot.regions[0].hub!;
  expect(ofType("pilot", "azurerm_virtual_network_peering").map(([stack, , , block]) => [stack, block.remote_virtual_network_id])).toEqual([
    ["pilot-bootstrap", hub.vnetId],
    ["pilot-swedencentral-network", hub.vnetId],
  ]);
  const subnetNames = new Map(ofType("pilot", "azurerm_subnet").map(([, type, name, block]) => [reference(type, name), String(block.name)]));
  const routedBy = (stack: string) => {
    const [[, , routeTableName, routeTable]] = ofType("pilot", "azurerm_route_table").filter(([candidate]) => candidate === stack);
    expect(routeTable.route).toEqual([expect.objectContaining({ address_prefix: "0.0.0.0/0", next_hop_in_ip_address: hub.firewallPrivateIp })]);
    return ofType("pilot", "azurerm_subnet_route_table_association")
      .filter(([candidate, , , block]) => candidate === stack && block.route_table_id === reference("azurerm_route_table", routeTableName))
      .map(([, , , block]) => subnetNames.get(String(block.subnet_id)))
      .sort();
  };
  expect(routedBy("pilot-swedencentral-network")).toEqual(["snet-aks-gpu", "snet-aks-system"]);
  expect(routedBy("pilot-bootstrap")).toEqual(["snet-runners"]);
});

test("environments without a hub have no route table or peering", () => {
  for (const env of ["dev", "prod"]) {
    expect(ofType(env, "azurerm_route_table")).toEqual([]);
    expect(ofType(env, "azurerm_virtual_network_peering")).toEqual([]);
  }
});

test("each region's subnets are the config's address plan", () => {
  for (const [name, env] of Object.entries(ENVIRONMENTS)) {
    for (const region of env.regions) {
      const stack = `${name}-${region.location}-network`;
      const prefixes = ofType(name, "azurerm_subnet").filter(([s]) => s === stack).flatMap(([, , , block]) => block.address_prefixes as string[]);
      expect(prefixes.sort()).toEqual(Object.values(region.subnets).filter(Boolean).sort());
    }
  }
});

test("each region has the private DNS zone of every private-link service we use, created and linked to its spoke", () => {
  for (const [name, env] of Object.entries(ENVIRONMENTS)) {
    for (const region of env.regions) {
      const stack = `${name}-${region.location}-network`;
      const zones = ofType(name, "azurerm_private_dns_zone").filter(([s]) => s === stack);
      const required: Record<string, string> = {
        keyVault: "privatelink.vaultcore.azure.net",
        acr: "privatelink.azurecr.io",
        blob: "privatelink.blob.core.windows.net",
        file: "privatelink.file.core.windows.net",
        amlApi: "privatelink.api.azureml.ms",
        amlNotebooks: "privatelink.notebooks.azure.net",
        aks: `privatelink.${region.location}.azmk8s.io`,
      };
      // A zone the hub already has is used by ID instead (regions[].hub.privateDnsZoneIds).
      const hubZones: Record<string, string | undefined> = region.hub?.privateDnsZoneIds ?? {};
      const ours = Object.entries(required).filter(([key]) => !hubZones[key]).map(([, zone]) => zone);
      expect(zones.map(([, , , block]) => block.name)).toEqual(expect.arrayContaining(ours));
      const [[, vnetType, vnetName]] = ofType(name, "azurerm_virtual_network").filter(([s]) => s === stack);
      const linked = new Set(
        ofType(name, "azurerm_private_dns_zone_virtual_network_link")
          .filter(([s, , , block]) => s === stack && block.virtual_network_id === reference(vnetType, vnetName) && block.registration_enabled === false)
          .map(([, , , block]) => String(block.private_dns_zone_name)),
      );
      expect(zones.filter(([, type, zone]) => !linked.has(`\${${type}.${zone}.name}`)).map(([, , , block]) => block.name)).toEqual([]);
    }
  }
});

test("dev keeps its logs 30 days but its flow logs 90 (FHI-NET-006)", () => {
  expect(ENVIRONMENTS.dev.observability?.logRetentionDays).toBe(30);
  expect(ofType("dev", "azurerm_network_watcher_flow_log").map(([, , , block]) => block.retention_policy)).toEqual([{ enabled: true, days: 90 }]);
});

test("keys are HSM-backed where the environment asks for it, software keys in a standard vault otherwise", () => {
  for (const [name, env] of Object.entries(ENVIRONMENTS)) {
    const hsm = env.protection?.hsmBackedKeys !== false;
    const keys = ofType(name, "azapi_resource").filter(([, , , block]) => String(block.type).startsWith("Microsoft.KeyVault/vaults/keys@"));
    expect(keys.length).toBe(4 * env.regions.length);
    for (const [, , , key] of keys) expect((key.body as { properties: { kty: string } }).properties.kty).toBe(hsm ? "RSA-HSM" : "RSA");
    // The deployer's vault holds one secret and no key: standard everywhere.
    const vaults = ofType(name, "azurerm_key_vault").filter(([stack]) => !stack.endsWith("-bootstrap"));
    for (const [, , , vault] of vaults) expect(vault.sku_name).toBe(hsm ? "premium" : "standard");
  }
});

test("the AKS control plane holds network and identity grants only in regions that run a cluster", () => {
  for (const [name, env] of Object.entries(ENVIRONMENTS)) {
    for (const region of env.regions) {
      const grants = ofType(name, "azurerm_role_assignment")
        .filter(([stack]) => stack === `${name}-${region.location}-platform`)
        .map(([, , , block]) => String(block.role_definition_name));
      // Subnets aksSystem, aksGpu, aksApiServer, and modelIngress where the router's internal load balancer lives.
      const subnets = ["aksSystem", "aksGpu", "aksApiServer", ...(region.subnets.modelIngress ? ["modelIngress"] : [])].map(() => "Network Contributor");
      const expected = region.aks ? ["Managed Identity Operator", ...subnets, "Private DNS Zone Contributor", ...(region.hub ? ["Network Contributor"] : [])].sort() : [];
      expect(grants.filter((role) => ["Managed Identity Operator", "Network Contributor", "Private DNS Zone Contributor"].includes(role)).sort()).toEqual(expected);
    }
  }
});
