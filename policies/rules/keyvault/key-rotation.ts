import { expectPresent } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_3_TO_4 } from "../common/generations";

export const keyVaultKeyRotation = defineRule({
  id: "FHI-KV-102",
  title: "Key Vault keys rotate automatically",
  severity: "warning",
  service: "keyvault",
  resourceTypes: ["azurerm_key_vault_key"],
  generations: AZURERM_3_TO_4,
  rationale: "Scheduled rotation limits how much data one key version protects and makes rotation routine rather than an incident task.",
  remediation: "Add rotation_policy { automatic { time_before_expiry = \"P30D\" } expire_after = \"P1Y\" }.",
  references: { azurePolicy: ["d8cf8476-a2ec-4916-896e-992351803c44"], hipaa: ["164.312(a)(2)(iv)"] },
  check: (resource) => expectPresent(resource, "rotation_policy.automatic", "the key is never rotated"),
});
