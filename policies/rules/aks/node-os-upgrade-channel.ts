import { expectOneOf } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_3_TO_4 } from "../common/generations";

export const aksNodeOsUpgradeChannel = defineRule({
  id: "FHI-AKS-021",
  title: "AKS node images receive security updates",
  severity: "warning",
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  generations: AZURERM_3_TO_4,
  rationale: "Node operating systems need their security patches; the None and Unmanaged channels leave that to nobody. Unset, AKS uses NodeImage.",
  remediation: 'Set node_os_upgrade_channel (before 4.0: node_os_channel_upgrade) to "NodeImage" or "SecurityPatch".',
  references: { hipaa: ["164.308(a)(5)(ii)(B)"] },
  check: (resource) => expectOneOf(resource, ["node_os_upgrade_channel", "node_os_channel_upgrade"], ["NodeImage", "SecurityPatch"], true),
});
