import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const aksNodePoolHostEncryption = defineRule({
  id: "FHI-AKS-102",
  title: "AKS node pool encrypts temp disks and caches at host",
  severity: "error",
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster_node_pool"],
  generations: AZURERM_2_TO_4,
  rationale: "GPU nodes cache model inputs and outputs on temporary disks; only encryption at host covers them.",
  remediation: "Set host_encryption_enabled = true (before 4.0: enable_host_encryption).",
  references: { checkov: ["CKV_AZURE_227"], azurePolicy: ["41425d9f-d1a5-499a-9932-f8ed8453932c"], hipaa: ["164.312(a)(2)(iv)"] },
  check: (resource) => expectBoolean(resource, ["host_encryption_enabled", "enable_host_encryption"], true, false),
});
