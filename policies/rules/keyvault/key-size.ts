import { defineRule } from "../../engine/rule";
import { isArmType } from "../common/azapi";
import { AZAPI_1_TO_2, AZURERM_2_TO_4 } from "../common/generations";
import { expectRsaKeySize, KEY_VAULT_KEY } from "../common/keys";

export const keyVaultKeySize = defineRule({
  id: "FHI-KV-104",
  title: "Key Vault RSA keys are at least 2048 bits",
  severity: "error",
  service: "keyvault",
  resourceTypes: ["azurerm_key_vault_key", "azapi_resource"],
  generations: [...AZURERM_2_TO_4, ...AZAPI_1_TO_2],
  applies: isArmType(KEY_VAULT_KEY),
  rationale: "RSA keys shorter than 2048 bits no longer give the protection NIST requires for health data. An RSA key must state its size (key_size; ARM: keySize in bits).",
  remediation: "Set key_size = 3072 or 4096 (azapi: properties.keySize).",
  references: { azurePolicy: ["82067dbb-e53b-4e06-b631-546d197452d9"], hipaa: ["164.312(a)(2)(iv)"] },
  check: expectRsaKeySize,
});
