import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const aksNodePoolPublicIp = defineRule({
  id: "FHI-AKS-101",
  title: "AKS node pool nodes have no public IPs",
  severity: "error",
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster_node_pool"],
  generations: AZURERM_2_TO_4,
  rationale: "A public IP on a GPU node bypasses the network's egress control and exposes node ports to the internet.",
  remediation: "Set node_public_ip_enabled = false (before 4.0: enable_node_public_ip).",
  references: { hipaa: ["164.312(e)(1)"] },
  check: (resource) => expectBoolean(resource, ["node_public_ip_enabled", "enable_node_public_ip"], false, false),
});
