import { expectPresent } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { isArmType } from "../common/azapi";
import { AZAPI_1_TO_2, AZURERM_3_TO_4 } from "../common/generations";
import { expectArmKeyRotation, KEY_VAULT_KEY } from "../common/keys";

export const keyVaultKeyRotation = defineRule({
  id: "FHI-KV-102",
  title: "Key Vault keys rotate automatically",
  severity: "warning",
  service: "keyvault",
  resourceTypes: ["azurerm_key_vault_key", "azapi_resource"],
  generations: [...AZURERM_3_TO_4, ...AZAPI_1_TO_2],
  applies: isArmType(KEY_VAULT_KEY),
  rationale:
    "Scheduled rotation limits how much data one key version protects and makes rotation routine rather than an incident task. A rotation policy that only notifies rotates nothing: a lifetime action of type rotate with a trigger (timeAfterCreate or timeBeforeExpiry) is required.",
  remediation:
    'Add rotation_policy { automatic { time_before_expiry = "P30D" } expire_after = "P1Y" }; azapi (Microsoft.KeyVault/vaults/keys): properties.rotationPolicy.lifetimeActions = [{ action = { type = "rotate" }, trigger = { timeBeforeExpiry = "P30D" } }].',
  references: { azurePolicy: ["d8cf8476-a2ec-4916-896e-992351803c44"], hipaa: ["164.312(a)(2)(iv)"] },
  check: (resource) => (resource.type === "azapi_resource" ? expectArmKeyRotation(resource) : expectPresent(resource, "rotation_policy.automatic", "the key is never rotated")),
});
