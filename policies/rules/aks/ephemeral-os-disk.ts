import { expectSetting } from "../../engine/checks";
import { defineRule } from "../../engine/rule";

export const aksEphemeralOsDisk = defineRule({
  id: "FHI-AKS-013",
  title: "AKS default node pool uses ephemeral OS disks",
  severity: "warning",
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  rationale: "Ephemeral OS disks live on the host and vanish with the node: nothing written to the OS disk outlives the VM.",
  remediation: 'Set default_node_pool.os_disk_type = "Ephemeral" with a VM size whose cache or temp disk fits the OS disk.',
  references: { checkov: ["CKV_AZURE_226"], hipaa: ["164.310(d)(2)(i)"] },
  check: (resource) => expectSetting(resource, { paths: ["default_node_pool.os_disk_type"], ok: (value) => value === "Ephemeral", want: '"Ephemeral"', whenAbsent: false }),
});
