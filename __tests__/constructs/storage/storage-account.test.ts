import { StorageAccount, type StorageAccountProps } from "../../../constructs/storage/storage-account";
import { PLACEMENT, SUBNET_ID, WORKSPACE_ID, ofType, ref, single, synthResources, zoneId } from "../synth";

const BLOB_ZONE = zoneId("privatelink.blob.core.windows.net");
const FILE_ZONE = zoneId("privatelink.file.core.windows.net");
const CMK = { keyVaultKeyId: "https://kv-test.vault.azure.net/keys/cmk-storage", identityId: "identity-id", identityClientId: "client-id" };

function storage(overrides: Partial<StorageAccountProps> = {}) {
  return synthResources((scope) => {
    new StorageAccount(scope, "st", {
      ...PLACEMENT,
      name: "sttest",
      customerManagedKey: CMK,
      privateEndpoint: { subnetId: SUBNET_ID, privateDnsZoneIds: { blob: BLOB_ZONE, file: FILE_ZONE } },
      diagnostics: { workspaceId: WORKSPACE_ID },
      ...overrides,
    });
  });
}

test("Entra ID only, TLS 1.2, HTTPS only, no public blobs or network access, firewall without bypass, versioning, soft delete, CMK", () => {
  expect(single(storage(), "azurerm_storage_account")).toMatchObject({
    min_tls_version: "TLS1_2",
    https_traffic_only_enabled: true,
    shared_access_key_enabled: false,
    default_to_oauth_authentication: true,
    allow_nested_items_to_be_public: false,
    public_network_access_enabled: false,
    cross_tenant_replication_enabled: false,
    local_user_enabled: false,
    infrastructure_encryption_enabled: true,
    network_rules: { default_action: "Deny", bypass: ["None"] },
    blob_properties: { versioning_enabled: true, delete_retention_policy: { days: 30 }, container_delete_retention_policy: { days: 30 } },
    identity: { type: "UserAssigned", identity_ids: ["identity-id"] },
    customer_managed_key: { key_vault_key_id: CMK.keyVaultKeyId, user_assigned_identity_id: "identity-id" },
  });
});

test("private endpoints for blob and file, each in its own zone", () => {
  const resources = storage();
  const account = ofType(resources, "azurerm_storage_account")[0];
  const endpoints = ofType(resources, "azurerm_private_endpoint").map((endpoint) => endpoint.values);
  for (const [subresource, zone] of [["blob", BLOB_ZONE], ["file", FILE_ZONE]]) {
    expect(endpoints).toContainEqual(
      expect.objectContaining({
        private_service_connection: expect.objectContaining({ private_connection_resource_id: ref(account), subresource_names: [subresource] }),
        private_dns_zone_group: expect.objectContaining({ private_dns_zone_ids: [zone] }),
      }),
    );
  }
});

test("diagnostics: account metrics, blob and file service logs", () => {
  const resources = storage();
  const id = ref(ofType(resources, "azurerm_storage_account")[0]);
  const settings = ofType(resources, "azurerm_monitor_diagnostic_setting").map((setting) => setting.values);
  expect(settings.map((setting) => setting.target_resource_id).sort()).toEqual([id, `${id}/blobServices/default`, `${id}/fileServices/default`]);
  const account = settings.find((setting) => setting.target_resource_id === id)!;
  expect(account).not.toHaveProperty("enabled_log");
  expect(settings.find((setting) => setting.target_resource_id === `${id}/blobServices/default`)).toMatchObject({ enabled_log: [{ category_group: "allLogs" }] });
});

test("opt-outs show: trusted services bypass, no versioning, ZRS, blob endpoint only", () => {
  const resources = storage({ allowTrustedServices: true, versioning: false, replication: "ZRS", privateEndpointSubresources: ["blob"] });
  expect(single(resources, "azurerm_storage_account")).toMatchObject({
    network_rules: { bypass: ["AzureServices"] },
    blob_properties: { versioning_enabled: false },
    account_replication_type: "ZRS",
  });
  expect(ofType(resources, "azurerm_private_endpoint")).toHaveLength(1);
});
