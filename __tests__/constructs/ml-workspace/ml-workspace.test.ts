import { Testing } from "cdktf";
import { MlWorkspace, WORKSPACE_ACTION_TYPE, type MlWorkspaceProps } from "../../../constructs/ml-workspace/ml-workspace";
import { AzapiResourceAction } from "../../../constructs/azapi/resource";
import { PropagationWait } from "../../../constructs/time/sleep";

const base: MlWorkspaceProps = {
  name: "mlw-test",
  location: "eastus2",
  resourceGroupName: "rg-test",
  applicationInsightsId: "/appi",
  keyVaultId: "/kv",
  containerRegistryId: "/acr",
  storageAccountId: "/st",
  identityId: "/id/aml",
  customerManagedKey: { keyVaultId: "/kv", keyId: "https://kv/keys/cmk-aml/v1", identityId: "/id/cmk" },
  privateEndpoint: { subnetId: "/subnet/pe", privateDnsZoneIds: { amlworkspace: ["/zone/api", "/zone/notebooks"] } },
};

const synth = (props: MlWorkspaceProps) => JSON.parse(Testing.synthScope((scope) => new MlWorkspace(scope, "ml", props))).resource;

test("secure defaults: high business impact unless turned off, both identities assigned, CMK read by the key identity", () => {
  const workspace = Object.values(synth(base).azurerm_machine_learning_workspace)[0] as any;
  expect(workspace).toMatchObject({
    high_business_impact: true,
    primary_user_assigned_identity: "/id/aml",
    identity: { type: "UserAssigned", identity_ids: ["/id/aml", "/id/cmk"] },
    encryption: { key_vault_id: "/kv", key_id: "https://kv/keys/cmk-aml/v1", user_assigned_identity_id: "/id/cmk" },
  });
  const sameIdentity = Object.values(synth({ ...base, highBusinessImpact: false, customerManagedKey: { ...base.customerManagedKey, identityId: "/id/aml" } }).azurerm_machine_learning_workspace)[0] as any;
  expect(sameIdentity.identity.identity_ids).toEqual(["/id/aml"]);
  expect(sameIdentity.high_business_impact).toBe(false);
});

test("approved outbound destinations become managed-network rules", () => {
  const resources = synth({ ...base, outboundRules: { fqdn: { "hf-hub": "huggingface.co" }, privateEndpoint: { "weights-blob": { resourceId: "/st/weights", subresource: "blob" } } } });
  expect(Object.values(resources.azurerm_machine_learning_workspace_network_outbound_rule_fqdn)).toEqual([expect.objectContaining({ name: "hf-hub", destination_fqdn: "huggingface.co" })]);
  expect(Object.values(resources.azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint)).toEqual([
    expect.objectContaining({ name: "weights-blob", service_resource_id: "/st/weights", sub_resource_target: "blob" }),
  ]);
});

test("the private endpoint needs the AML zones", () => {
  expect(() => synth({ ...base, privateEndpoint: { subnetId: "/subnet/pe", privateDnsZoneIds: { amlworkspace: [] } } })).toThrow(/no zone for "amlworkspace"/);
});

test("private, approved outbound only, v2 only; one private endpoint in both AML zones; diagnostics to the workspace", () => {
  const resources = synth({ ...base, diagnostics: { workspaceId: "/law" } });
  const [[workspaceKey, workspace]] = Object.entries(resources.azurerm_machine_learning_workspace) as [string, any][];
  expect(workspace).toMatchObject({
    public_network_access_enabled: false,
    v1_legacy_mode_enabled: false,
    managed_network: { isolation_mode: "AllowOnlyApprovedOutbound" },
  });
  const workspaceId = `\${azurerm_machine_learning_workspace.${workspaceKey}.id}`;
  expect(Object.values(resources.azurerm_private_endpoint)).toEqual([
    expect.objectContaining({
      subnet_id: "/subnet/pe",
      private_service_connection: expect.objectContaining({ private_connection_resource_id: workspaceId, subresource_names: ["amlworkspace"] }),
      private_dns_zone_group: expect.objectContaining({ private_dns_zone_ids: ["/zone/api", "/zone/notebooks"] }),
    }),
  ]);
  expect(Object.values(resources.azurerm_monitor_diagnostic_setting)).toEqual([
    expect.objectContaining({ target_resource_id: workspaceId, log_analytics_workspace_id: "/law", enabled_log: [{ category_group: "allLogs" }] }),
  ]);
});

describe("the managed network", () => {
  test("is provisioned with the workspace, whose create may take the 90 minutes that needs", () => {
    const workspace = Object.values(synth(base).azurerm_machine_learning_workspace)[0] as any;
    expect(workspace.managed_network).toEqual({ isolation_mode: "AllowOnlyApprovedOutbound", provision_on_creation_enabled: true });
    expect(workspace.timeouts).toEqual({ create: "90m" });
  });

  test("is provisioned again once the outbound rules and what they need exist; deployments wait for that", () => {
    let ready: unknown;
    const resources = JSON.parse(
      Testing.synthScope((scope) => {
        const approver = new PropagationWait(scope, "approver-propagated", { after: [], duration: "1s" });
        const workspace = new MlWorkspace(scope, "ml", { ...base, outboundRules: { privateEndpoint: { "model-store": { resourceId: "/st/models", subresource: "blob" } } }, outboundRulesNeed: [approver] });
        ready = workspace.networkReady;
      }),
    ).resource;
    const [[workspaceKey]] = Object.entries(resources.azurerm_machine_learning_workspace);
    const [[ruleKey]] = Object.entries(resources.azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint);
    const [action] = Object.values(resources.azapi_resource_action) as any[];
    expect(action).toMatchObject({
      type: WORKSPACE_ACTION_TYPE,
      resource_id: `\${azurerm_machine_learning_workspace.${workspaceKey}.id}`,
      action: "provisionManagedNetwork",
      body: { includeSpark: false },
      depends_on: [`azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint.${ruleKey}`, "time_sleep.approver-propagated"],
    });
    expect(ready).toBeInstanceOf(AzapiResourceAction);
  });

  test("without outbound rules there is nothing to provision again: deployments wait for the workspace", () => {
    let ready: unknown;
    const resources = JSON.parse(
      Testing.synthScope((scope) => {
        const workspace = new MlWorkspace(scope, "ml", base);
        ready = workspace.networkReady;
        expect(ready).toBe(workspace.workspace);
      }),
    ).resource;
    expect(resources.azapi_resource_action).toBeUndefined();
  });
});
