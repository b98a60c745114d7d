import { ContainerRegistry, type ContainerRegistryProps } from "../../../constructs/container-registry/container-registry";
import { PLACEMENT, SUBNET_ID, WORKSPACE_ID, ofType, ref, single, synthResources, zoneId } from "../synth";

const ACR_ZONE = zoneId("privatelink.azurecr.io");
const CMK = { keyVaultKeyId: "https://kv-test.vault.azure.net/keys/cmk-acr", identityId: "identity-id", identityClientId: "client-id" };
const DIGEST = `sha256:${"ab".repeat(32)}`;

function registry(overrides: Partial<ContainerRegistryProps> = {}) {
  let image = "";
  const resources = synthResources((scope) => {
    const created = new ContainerRegistry(scope, "acr", {
      ...PLACEMENT,
      name: "crtest",
      customerManagedKey: CMK,
      privateEndpoint: { subnetId: SUBNET_ID, privateDnsZoneIds: { registry: ACR_ZONE } },
      diagnostics: { workspaceId: WORKSPACE_ID },
      ...overrides,
    });
    image = created.imageReference("model-server", DIGEST);
  });
  return { resources, image };
}

test("Premium, no admin user, no anonymous pull, no export, no public access, no bypass, retention, CMK", () => {
  expect(single(registry().resources, "azurerm_container_registry")).toMatchObject({
    sku: "Premium",
    admin_enabled: false,
    anonymous_pull_enabled: false,
    export_policy_enabled: false,
    public_network_access_enabled: false,
    network_rule_bypass_option: "None",
    zone_redundancy_enabled: false,
    retention_policy_in_days: 30,
    identity: { type: "UserAssigned", identity_ids: ["identity-id"] },
    encryption: [{ key_vault_key_id: CMK.keyVaultKeyId, identity_client_id: "client-id" }],
  });
});

test("a private endpoint for the registry sub-resource in the ACR zone, and diagnostics", () => {
  const { resources } = registry();
  const acr = ofType(resources, "azurerm_container_registry")[0];
  expect(single(resources, "azurerm_private_endpoint")).toMatchObject({
    private_service_connection: { private_connection_resource_id: ref(acr), subresource_names: ["registry"] },
    private_dns_zone_group: { private_dns_zone_ids: [ACR_ZONE] },
  });
  expect(single(resources, "azurerm_monitor_diagnostic_setting").target_resource_id).toBe(ref(acr));
});

test("opt-outs show: zone redundancy, trusted services bypass, no CMK", () => {
  const acr = single(registry({ zoneRedundant: true, allowTrustedServices: true, customerManagedKey: undefined }).resources, "azurerm_container_registry");
  expect(acr).toMatchObject({ zone_redundancy_enabled: true, network_rule_bypass_option: "AzureServices" });
  expect(acr).not.toHaveProperty("encryption");
});

test("images are referenced by digest; a tag is refused", () => {
  const { image } = registry();
  expect(image).toMatch(new RegExp(`/model-server@${DIGEST}$`));
  expect(() =>
    synthResources((scope) => void new ContainerRegistry(scope, "acr", { ...PLACEMENT, name: "crtest" }).imageReference("model-server", "latest")),
  ).toThrow(/by digest/);
});
