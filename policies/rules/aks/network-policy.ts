import { expectOneOf } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

const POLICIES = ["azure", "calico", "cilium"];

export const aksNetworkPolicy = defineRule({
  id: "FHI-AKS-005",
  title: "AKS enforces Kubernetes network policies",
  severity: "error",
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  generations: AZURERM_2_TO_4,
  rationale:
    "Without a network policy engine every pod can reach every other pod; a compromised workload could read the model server's traffic. Only a known engine counts (checkov accepts any value).",
  remediation: `Set network_profile.network_policy to one of ${POLICIES.join(", ")}.`,
  references: { checkov: ["CKV_AZURE_7"], trivy: ["AVD-AZU-0043"], hipaa: ["164.312(e)(1)", "164.312(a)(1)"] },
  check: (resource) => expectOneOf(resource, ["network_profile.network_policy"], POLICIES, false),
});
