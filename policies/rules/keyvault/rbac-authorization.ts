import { expectBoolean } from "../../engine/checks";
import { defineRule, fail, type Verdict } from "../../engine/rule";
import { blocksAt, isUnknown } from "../../model/value";
import { AZURERM_2_TO_4 } from "../common/generations";

export const keyVaultRbacAuthorization = defineRule({
  id: "FHI-KV-003",
  title: "Key Vault uses Azure RBAC, not access policies",
  severity: "error",
  service: "keyvault",
  resourceTypes: ["azurerm_key_vault", "azurerm_key_vault_access_policy"],
  generations: AZURERM_2_TO_4,
  rationale:
    "Azure RBAC grants data-plane access per secret or key with conditions and PIM, audited like every other role; vault access policies are coarse and invisible to access reviews. A separate azurerm_key_vault_access_policy whose vault is not in the input is reported too: it only works on a vault that uses access policies.",
  remediation: "Set rbac_authorization_enabled = true (before 4.x: enable_rbac_authorization) and grant Key Vault roles instead of access_policy blocks or azurerm_key_vault_access_policy resources.",
  references: { azurePolicy: ["12d4fa5e-1f9f-4c21-97a9-b99b3c6611b5"], hipaa: ["164.312(a)(1)", "164.308(a)(4)(ii)(B)"] },
  check: (resource): Verdict => {
    const verdict = expectBoolean(resource, ["rbac_authorization_enabled", "enable_rbac_authorization"], true, false);
    const policies = blocksAt(resource.values, "access_policy");
    if (verdict.status !== "fail" || isUnknown(policies) || policies.length === 0) return verdict;
    return fail(`${verdict.message}; ${policies.length} access polic${policies.length === 1 ? "y grants" : "ies grant"} data-plane access outside Azure RBAC`);
  },
});
