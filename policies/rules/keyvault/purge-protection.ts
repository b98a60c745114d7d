import { all, expectBoolean, expectSetting } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const keyVaultPurgeProtection = defineRule({
  id: "FHI-KV-001",
  title: "Key Vault is recoverable: purge protection on, over soft delete with a 7-90 day window",
  severity: "error",
  service: "keyvault",
  resourceTypes: ["azurerm_key_vault"],
  generations: AZURERM_2_TO_4,
  rationale:
    "Without purge protection a deleted vault or key can be destroyed at once, making every disk and backup encrypted with it unreadable; purge protection only holds over soft delete, within the 7-90 day window Azure accepts. An unset window passes: the provider's default is 90 days (trivy reads it as 0).",
  remediation: "Set purge_protection_enabled = true (it cannot be turned off again), keep soft delete on (2.x: soft_delete_enabled = true) and soft_delete_retention_days between 7 and 90.",
  references: { checkov: ["CKV_AZURE_110", "CKV_AZURE_42"], trivy: ["AVD-AZU-0016"], azurePolicy: ["0b60c0b2-2dc2-4e1c-b5c9-abbed971de53"], hipaa: ["164.312(c)(1)", "164.308(a)(7)(ii)(A)"] },
  check: (resource) =>
    all([
      expectBoolean(resource, ["purge_protection_enabled"], true, false),
      expectBoolean(resource, ["soft_delete_enabled"], true, true),
      expectSetting(resource, { paths: ["soft_delete_retention_days"], ok: (value) => typeof value === "number" && value >= 7 && value <= 90, want: "between 7 and 90", whenAbsent: true }),
    ]),
});
