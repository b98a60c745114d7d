import { defineRule, fail, pass } from "../../engine/rule";
import { isAbsent, isUnknown, valueAt } from "../../model/value";
import { AZURERM_2_TO_4 } from "../common/generations";

export const keyVaultSecretExpiration = defineRule({
  id: "FHI-KV-201",
  title: "Key Vault secrets expire",
  severity: "error",
  service: "keyvault",
  resourceTypes: ["azurerm_key_vault_secret"],
  generations: AZURERM_2_TO_4,
  rationale: "A secret without an expiry is never forced through rotation; a leaked credential then works indefinitely.",
  remediation: "Set expiration_date (e.g. timeadd of the rotation date and the secret's maximum age).",
  references: { checkov: ["CKV_AZURE_41"], trivy: ["AVD-AZU-0017"], azurePolicy: ["98728c90-32c7-4049-8429-847dc0f4fe37"], hipaa: ["164.312(a)(1)", "164.312(d)"] },
  check: (resource) => {
    const expiration = valueAt(resource.values, "expiration_date");
    // A computed expiry (timeadd(...)) is still an expiry, so an expression passes.
    if (isUnknown(expiration)) return pass("expiration_date is set by an expression");
    return isAbsent(expiration) ? fail("expiration_date is not set") : pass(`expiration_date is ${String(expiration)}`);
  },
});
