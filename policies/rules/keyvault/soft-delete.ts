import { all, expectBoolean, expectSetting } from "../../engine/checks";
import { defineRule } from "../../engine/rule";

export const keyVaultSoftDelete = defineRule({
  id: "FHI-KV-002",
  title: "Key Vault keeps deleted objects recoverable",
  severity: "error",
  service: "keyvault",
  resourceTypes: ["azurerm_key_vault"],
  rationale: "Soft delete lets an accidentally or maliciously deleted key or secret be recovered within the retention period.",
  remediation: "Leave soft delete on (older providers: soft_delete_enabled = true) and set soft_delete_retention_days between 7 and 90.",
  references: { checkov: ["CKV_AZURE_111", "CKV_AZURE_42"], azurePolicy: ["1e66c121-a66a-4b1f-9b83-0fd99bf0fc2d"], hipaa: ["164.312(c)(1)", "164.308(a)(7)(ii)(A)"] },
  check: (resource) =>
    all([
      expectBoolean(resource, ["soft_delete_enabled"], true, true),
      expectSetting(resource, { paths: ["soft_delete_retention_days"], ok: (value) => typeof value === "number" && value >= 7, want: "at least 7", whenAbsent: true }),
    ]),
});
