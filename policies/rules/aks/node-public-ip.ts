import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const aksNodePublicIp = defineRule({
  id: "FHI-AKS-008",
  title: "AKS default node pool nodes have no public IPs",
  severity: "error",
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  generations: AZURERM_2_TO_4,
  rationale: "A public IP on a node bypasses the network's egress control and exposes kubelet and node ports to the internet.",
  remediation: "Set default_node_pool.node_public_ip_enabled = false (before 4.0: enable_node_public_ip).",
  references: { checkov: ["CKV_AZURE_143"], hipaa: ["164.312(e)(1)"] },
  check: (resource) => expectBoolean(resource, ["default_node_pool.node_public_ip_enabled", "default_node_pool.enable_node_public_ip"], false, false),
});
