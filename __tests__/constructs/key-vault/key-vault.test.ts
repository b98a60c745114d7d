import { KeyVault, type KeyVaultProps } from "../../../constructs/key-vault/key-vault";
import { EncryptionKey } from "../../../constructs/key-vault/encryption-key";
import { DiskEncryptionSet } from "../../../constructs/key-vault/disk-encryption-set";
import { PLACEMENT, SUBNET_ID, WORKSPACE_ID, ofType, ref, single, synthResources, zoneId } from "../synth";

const VAULT_ZONE = zoneId("privatelink.vaultcore.azure.net");

function vault(overrides: Partial<KeyVaultProps> = {}) {
  return synthResources((scope) => {
    new KeyVault(scope, "kv", {
      ...PLACEMENT,
      name: "kv-test",
      tenantId: "00000000-0000-0000-0000-0000000000aa",
      privateEndpoint: { subnetId: SUBNET_ID, privateDnsZoneIds: { vault: VAULT_ZONE } },
      diagnostics: { workspaceId: WORKSPACE_ID },
      ...overrides,
    });
  });
}

test("RBAC, purge protection, 90 days soft delete, premium, no public network access, firewall denies with no bypass", () => {
  expect(single(vault(), "azurerm_key_vault")).toMatchObject({
    sku_name: "premium",
    rbac_authorization_enabled: true,
    purge_protection_enabled: true,
    soft_delete_retention_days: 90,
    public_network_access_enabled: false,
    network_acls: { default_action: "Deny", bypass: "None" },
  });
});

test("a private endpoint for the vault sub-resource, registered in the vault zone; diagnostics to the workspace", () => {
  const resources = vault();
  const keyVault = ofType(resources, "azurerm_key_vault")[0];
  expect(single(resources, "azurerm_private_endpoint")).toMatchObject({
    subnet_id: SUBNET_ID,
    private_service_connection: { private_connection_resource_id: ref(keyVault), subresource_names: ["vault"] },
    private_dns_zone_group: { private_dns_zone_ids: [VAULT_ZONE] },
  });
  expect(single(resources, "azurerm_monitor_diagnostic_setting")).toMatchObject({ target_resource_id: ref(keyVault), enabled_log: [{ category_group: "allLogs" }] });
});

test("opt-outs show: standard SKU, no purge protection, trusted services bypass", () => {
  expect(single(vault({ sku: "standard", purgeProtection: false, allowTrustedServices: true }), "azurerm_key_vault")).toMatchObject({
    sku_name: "standard",
    purge_protection_enabled: false,
    network_acls: { default_action: "Deny", bypass: "AzureServices" },
  });
});

test("a customer-managed key is created through ARM: RSA-HSM, wrap/unwrap only, expires and rotates itself", () => {
  const resources = synthResources((scope) => void new EncryptionKey(scope, "cmk", { name: "cmk-acr", keyVaultId: "kv-id" }));
  const key = single(resources, "azapi_resource");
  const expiry = ofType(resources, "time_offset")[0];
  expect(key).toMatchObject({ type: "Microsoft.KeyVault/vaults/keys@2023-07-01", name: "cmk-acr", parent_id: "kv-id" });
  expect(key.body.properties).toEqual({
    kty: "RSA-HSM",
    keySize: 3072,
    keyOps: ["wrapKey", "unwrapKey"],
    // The first version expires a year after it was made; the rotation policy replaces it 30 days before.
    attributes: { enabled: true, exp: ref(expiry, "unix") },
    rotationPolicy: {
      attributes: { expiryTime: "P365D" },
      lifetimeActions: [
        { trigger: { timeBeforeExpiry: "P30D" }, action: { type: "rotate" } },
        { trigger: { timeBeforeExpiry: "P29D" }, action: { type: "notify" } },
      ],
    },
  });
  expect(expiry.values).toEqual({ offset_days: 365 });
  expect(key.response_export_values).toEqual(["properties.keyUri", "properties.keyUriWithVersion"]);
});

test("opt-out shows: a software-protected key where the vault is standard", () => {
  const key = single(synthResources((scope) => void new EncryptionKey(scope, "cmk", { name: "cmk", keyVaultId: "kv-id", hsmBacked: false })), "azapi_resource");
  expect(key.body.properties.kty).toBe("RSA");
});

test("the disk encryption set uses the versionless key through a user-assigned identity, double encryption, auto-rotation", () => {
  const resources = synthResources((scope) => {
    const key = new EncryptionKey(scope, "cmk", { name: "cmk-disks", keyVaultId: "kv-id" });
    new DiskEncryptionSet(scope, "des", {
      ...PLACEMENT,
      name: "des-test",
      customerManagedKey: { keyVaultKeyId: key.versionlessId, identityId: "identity-id", identityClientId: "client-id" },
      lock: {},
    });
  });
  const key = ofType(resources, "azapi_resource")[0];
  const set = ofType(resources, "azurerm_disk_encryption_set")[0];
  expect(set.values).toMatchObject({
    key_vault_key_id: ref(key, "output.properties.keyUri"),
    auto_key_rotation_enabled: true,
    encryption_type: "EncryptionAtRestWithPlatformAndCustomerKeys",
    identity: { type: "UserAssigned", identity_ids: ["identity-id"] },
  });
  expect(single(resources, "azurerm_management_lock").scope).toBe(ref(set));
});
