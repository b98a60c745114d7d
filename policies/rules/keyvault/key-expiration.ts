import { expectPresent } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { isArmType } from "../common/azapi";
import { AZAPI_1_TO_2, AZURERM_2_TO_4 } from "../common/generations";
import { expectArmKeyExpiry, KEY_VAULT_KEY } from "../common/keys";

export const keyVaultKeyExpiration = defineRule({
  id: "FHI-KV-101",
  title: "Key Vault keys expire",
  severity: "warning",
  service: "keyvault",
  resourceTypes: ["azurerm_key_vault_key", "azapi_resource"],
  generations: [...AZURERM_2_TO_4, ...AZAPI_1_TO_2],
  applies: isArmType(KEY_VAULT_KEY),
  rationale:
    "Keys without an end of life stay usable forever if leaked. A rotation policy's expire_after (ARM: rotationPolicy.attributes.expiryTime) dates only the versions rotation creates, not the version Terraform creates (learn.microsoft.com/azure/key-vault/keys/how-to-configure-key-rotation), so the first version's expiry is required: expiration_date, or in the ARM body attributes.exp in seconds since 1970 (Microsoft.KeyVault 2023-07-01 KeyAttributes). An expression (timeadd, a time_offset's unix) counts.",
  remediation:
    'Set expiration_date (e.g. timeadd(timestamp(), "8760h") with lifecycle ignore_changes), and rotation_policy.expire_after for later versions; azapi (Microsoft.KeyVault/vaults/keys): properties.attributes.exp = time_offset.<name>.unix, and properties.rotationPolicy.attributes.expiryTime.',
  references: { checkov: ["CKV_AZURE_40"], trivy: ["AVD-AZU-0014"], azurePolicy: ["152b15f7-8e1f-4c1f-ab71-8c010ba5dbc0"], hipaa: ["164.312(a)(2)(iv)"] },
  check: (resource) => (resource.type === "azapi_resource" ? expectArmKeyExpiry(resource) : expectPresent(resource, "expiration_date", "the key never expires")),
});
