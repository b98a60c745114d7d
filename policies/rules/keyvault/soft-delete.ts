import { all, atLeast, expectBoolean, expectSetting } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const keyVaultSoftDelete = defineRule({
  id: "FHI-KV-002",
  title: "Key Vault keeps deleted objects recoverable for at least 7 days",
  severity: "error",
  service: "keyvault",
  resourceTypes: ["azurerm_key_vault"],
  generations: AZURERM_2_TO_4,
  rationale: "Soft delete lets an accidentally or maliciously deleted key or secret be recovered within the retention period; the number of days is what counts, not the block.",
  remediation: "Leave soft delete on (azurerm 2.x: soft_delete_enabled = true) and set soft_delete_retention_days to at least 7 (the default is 90).",
  references: { checkov: ["CKV_AZURE_111"], azurePolicy: ["1e66c121-a66a-4b1f-9b83-0fd99bf0fc2d"], hipaa: ["164.312(c)(1)", "164.308(a)(7)(ii)(A)"] },
  check: (resource) =>
    all([
      expectBoolean(resource, ["soft_delete_enabled"], true, true),
      expectSetting(resource, { paths: ["soft_delete_retention_days"], ok: atLeast(7), want: "at least 7", whenAbsent: true }),
    ]),
});
