import { atLeast, expectSetting, oneOf } from "../../engine/checks";
import { defineRule, pass } from "../../engine/rule";
import { valueAt } from "../../model/value";
import { AZURERM_2_TO_4 } from "../common/generations";

export const keyVaultKeySize = defineRule({
  id: "FHI-KV-104",
  title: "Key Vault RSA keys are at least 2048 bits",
  severity: "error",
  service: "keyvault",
  resourceTypes: ["azurerm_key_vault_key"],
  generations: AZURERM_2_TO_4,
  rationale: "RSA keys shorter than 2048 bits no longer give the protection NIST requires for health data.",
  remediation: "Set key_size = 3072 or 4096.",
  references: { azurePolicy: ["82067dbb-e53b-4e06-b631-546d197452d9"], hipaa: ["164.312(a)(2)(iv)"] },
  check: (resource) => {
    const type = valueAt(resource.values, "key_type");
    if (typeof type === "string" && !oneOf("RSA", "RSA-HSM")(type)) return pass(`key_type is ${type}`);
    return expectSetting(resource, { paths: ["key_size"], ok: atLeast(2048), want: "at least 2048", whenAbsent: false });
  },
});
