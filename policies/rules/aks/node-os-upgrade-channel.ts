import { expectSetting } from "../../engine/checks";
import { defineRule } from "../../engine/rule";

export const aksNodeOsUpgradeChannel = defineRule({
  id: "FHI-AKS-021",
  title: "AKS node images receive security updates",
  severity: "warning",
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  rationale: "Node operating systems need their security patches; the None and Unmanaged channels leave that to nobody.",
  remediation: 'Set node_os_upgrade_channel (3.x: node_os_channel_upgrade) to "NodeImage" or "SecurityPatch".',
  references: { hipaa: ["164.308(a)(5)(ii)(B)"] },
  check: (resource) =>
    expectSetting(resource, {
      paths: ["node_os_upgrade_channel", "node_os_channel_upgrade"],
      ok: (value) => value === "NodeImage" || value === "SecurityPatch",
      want: '"NodeImage" or "SecurityPatch"',
      whenAbsent: true,
    }),
});
