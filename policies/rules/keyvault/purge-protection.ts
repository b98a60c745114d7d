import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";

export const keyVaultPurgeProtection = defineRule({
  id: "FHI-KV-001",
  title: "Key Vault has purge protection",
  severity: "error",
  service: "keyvault",
  resourceTypes: ["azurerm_key_vault"],
  rationale: "Without purge protection a deleted vault or key can be destroyed at once, making every disk and backup encrypted with it unreadable.",
  remediation: "Set purge_protection_enabled = true (it cannot be turned off again).",
  references: { checkov: ["CKV_AZURE_110", "CKV_AZURE_42"], trivy: ["AVD-AZU-0016"], azurePolicy: ["0b60c0b2-2dc2-4e1c-b5c9-abbed971de53"], hipaa: ["164.312(c)(1)", "164.308(a)(7)(ii)(A)"] },
  check: (resource) => expectBoolean(resource, ["purge_protection_enabled"], true, false),
});
