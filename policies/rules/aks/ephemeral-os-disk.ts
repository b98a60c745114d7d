import { expectOneOf } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const aksEphemeralOsDisk = defineRule({
  id: "FHI-AKS-013",
  title: "AKS default node pool uses ephemeral OS disks",
  severity: "warning",
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  generations: AZURERM_2_TO_4,
  rationale: "Ephemeral OS disks live on the host and vanish with the node: nothing written to the OS disk outlives the VM.",
  remediation: 'Set default_node_pool.os_disk_type = "Ephemeral" with a VM size whose cache or temp disk fits the OS disk.',
  references: { checkov: ["CKV_AZURE_226"], hipaa: ["164.310(d)(2)(i)"] },
  check: (resource) => expectOneOf(resource, ["default_node_pool.os_disk_type"], ["Ephemeral"], false),
});
