import { Testing } from "cdktf";
import { MlWorkspace, type MlWorkspaceProps } from "../../../constructs/ml-workspace/ml-workspace";

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
