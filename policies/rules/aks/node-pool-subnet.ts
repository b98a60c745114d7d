import { expectPresent } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const aksNodePoolSubnet = defineRule({
  id: "FHI-AKS-103",
  title: "AKS node pool runs in a subnet of our virtual network",
  severity: "warning",
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster_node_pool"],
  generations: AZURERM_2_TO_4,
  rationale: "Nodes in a known subnet are covered by its NSG, route table and firewall egress; otherwise they land in a managed network nobody reviews.",
  remediation: "Set vnet_subnet_id to the pool's subnet.",
  references: { hipaa: ["164.312(e)(1)"] },
  check: (resource) => expectPresent(resource, "vnet_subnet_id", "the pool does not run in a subnet we control"),
});
