import { expectOneOf } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const aksAzureCni = defineRule({
  id: "FHI-AKS-019",
  title: "AKS uses Azure CNI networking",
  severity: "info",
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  generations: AZURERM_2_TO_4,
  rationale: "Azure CNI puts pods in the virtual network where NSGs, private endpoints and network policy engines apply to them.",
  remediation: 'Set network_profile.network_plugin = "azure" (overlay mode is fine).',
  references: { checkov: ["CKV2_AZURE_29"], hipaa: ["164.312(e)(1)"] },
  check: (resource) => expectOneOf(resource, ["network_profile.network_plugin"], ["azure"], false),
});
