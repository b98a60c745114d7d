import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const aksKubernetesRbac = defineRule({
  id: "FHI-AKS-002",
  title: "AKS has Kubernetes RBAC enabled",
  severity: "error",
  critical: true,
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  generations: AZURERM_2_TO_4,
  rationale:
    "Without Kubernetes RBAC every authenticated identity can read every secret and pod in the cluster, including model inputs with PHI. An unset flag passes: AKS enables RBAC by default in every provider generation (trivy reads an unset flag as disabled; we do not).",
  remediation: "Set role_based_access_control_enabled = true (the provider default; before 2.99: role_based_access_control { enabled = true }); it cannot be changed after creation.",
  references: { checkov: ["CKV_AZURE_5"], trivy: ["AVD-AZU-0042"], azurePolicy: ["ac4a19c2-fa67-49b4-8ae5-0b2e78c49457"], hipaa: ["164.312(a)(1)", "164.308(a)(4)(ii)(B)"] },
  check: (resource) => expectBoolean(resource, ["role_based_access_control_enabled", "role_based_access_control.enabled"], true, true),
});
