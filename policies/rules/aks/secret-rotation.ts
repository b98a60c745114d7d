import { expectBoolean } from "../../engine/checks";
import { defineRule, pass } from "../../engine/rule";
import { isAbsent, valueAt } from "../../model/value";

export const aksSecretRotation = defineRule({
  id: "FHI-AKS-020",
  title: "AKS Secrets Store CSI driver rotates secrets",
  severity: "info",
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  rationale: "Without rotation, pods keep serving a secret after it was rotated or revoked in Key Vault.",
  remediation: "Set key_vault_secrets_provider.secret_rotation_enabled = true.",
  references: { checkov: ["CKV_AZURE_172"], hipaa: ["164.312(a)(1)"] },
  check: (resource) =>
    isAbsent(valueAt(resource.values, "key_vault_secrets_provider"))
      ? pass("the Secrets Store CSI driver is not installed")
      : expectBoolean(resource, ["key_vault_secrets_provider.secret_rotation_enabled"], true, false),
});
