import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";

export const keyVaultRbacAuthorization = defineRule({
  id: "FHI-KV-003",
  title: "Key Vault uses Azure RBAC, not access policies",
  severity: "error",
  service: "keyvault",
  resourceTypes: ["azurerm_key_vault"],
  rationale: "Azure RBAC grants data-plane access per secret or key with conditions and PIM, audited like every other role; vault access policies are coarse and invisible to access reviews.",
  remediation: "Set rbac_authorization_enabled = true (3.x: enable_rbac_authorization) and grant Key Vault roles instead of access_policy blocks.",
  references: { azurePolicy: ["12d4fa5e-1f9f-4c21-97a9-b99b3c6611b5"], hipaa: ["164.312(a)(1)", "164.308(a)(4)(ii)(B)"] },
  check: (resource) => expectBoolean(resource, ["rbac_authorization_enabled", "enable_rbac_authorization"], true, false),
});
