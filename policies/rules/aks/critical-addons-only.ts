import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const aksCriticalAddonsOnly = defineRule({
  id: "FHI-AKS-014",
  title: "AKS system node pool runs only critical add-ons",
  severity: "warning",
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  generations: AZURERM_2_TO_4,
  rationale: "Keeping application pods off system nodes protects DNS, metrics and policy agents from noisy or compromised workloads.",
  remediation: "Set default_node_pool.only_critical_addons_enabled = true and run workloads in user node pools.",
  references: { checkov: ["CKV_AZURE_232"], hipaa: ["164.308(a)(7)(ii)(C)"] },
  check: (resource) => expectBoolean(resource, ["default_node_pool.only_critical_addons_enabled"], true, false),
});
