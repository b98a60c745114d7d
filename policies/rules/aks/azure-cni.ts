import { expectSetting } from "../../engine/checks";
import { defineRule } from "../../engine/rule";

export const aksAzureCni = defineRule({
  id: "FHI-AKS-019",
  title: "AKS uses Azure CNI networking",
  severity: "info",
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  rationale: "Azure CNI puts pods in the virtual network where NSGs, private endpoints and network policy engines apply to them.",
  remediation: 'Set network_profile.network_plugin = "azure" (overlay mode is fine).',
  references: { checkov: ["CKV2_AZURE_29"], hipaa: ["164.312(e)(1)"] },
  check: (resource) => expectSetting(resource, { paths: ["network_profile.network_plugin"], ok: (value) => value === "azure", want: '"azure"', whenAbsent: false }),
});
