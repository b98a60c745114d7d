import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const aksHostEncryption = defineRule({
  id: "FHI-AKS-009",
  title: "AKS default node pool encrypts temp disks and caches at host",
  severity: "error",
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  generations: AZURERM_2_TO_4,
  rationale: "Temporary disks and disk caches of nodes hold container layers, logs and scratch data that can include PHI; only encryption at host covers them.",
  remediation: "Set default_node_pool.host_encryption_enabled = true (before 4.0: enable_host_encryption) and register the EncryptionAtHost feature.",
  references: { checkov: ["CKV_AZURE_227"], azurePolicy: ["41425d9f-d1a5-499a-9932-f8ed8453932c"], hipaa: ["164.312(a)(2)(iv)"] },
  check: (resource) => expectBoolean(resource, ["default_node_pool.host_encryption_enabled", "default_node_pool.enable_host_encryption"], true, false),
});
