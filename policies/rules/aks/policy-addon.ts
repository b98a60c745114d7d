import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const aksPolicyAddon = defineRule({
  id: "FHI-AKS-006",
  title: "AKS has the Azure Policy add-on",
  severity: "warning",
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  generations: AZURERM_2_TO_4,
  rationale: "The add-on enforces pod security baselines (no privileged containers, no host paths) that keep workloads from escaping onto nodes.",
  remediation: "Set azure_policy_enabled = true (before 3.0: addon_profile { azure_policy { enabled = true } }).",
  references: { checkov: ["CKV_AZURE_116"], trivy: ["AVD-AZU-0066"], azurePolicy: ["0a15ec92-a229-4763-bb14-0ea34a568f8d"], hipaa: ["164.308(a)(1)(ii)(B)", "164.312(c)(1)"] },
  check: (resource) => expectBoolean(resource, ["azure_policy_enabled", "addon_profile.azure_policy.enabled"], true, false),
});
