import { defineRule, fail, pass } from "../../engine/rule";
import { AZURERM_3_TO_4 } from "../common/generations";

export const vnetFlowLogs = defineRule({
  id: "FHI-NET-005",
  title: "Every virtual network has an enabled flow log",
  severity: "warning",
  service: "network",
  resourceTypes: ["azurerm_virtual_network"],
  generations: AZURERM_3_TO_4,
  rationale:
    "Flow logs are the record of which addresses talked to which hosts: without them a connection that moved PHI out of the network cannot be traced. Virtual network flow logs replace NSG flow logs, which can no longer be created (learn.microsoft.com/azure/network-watcher/nsg-flow-logs-migrate). Only a flow log on the network itself counts: one per subnet leaves new subnets uncovered.",
  remediation: "Create an azurerm_network_watcher_flow_log with target_resource_id = the virtual network's id, enabled = true and a retention policy (FHI-NET-006).",
  references: { hipaa: ["164.312(b)", "164.308(a)(1)(ii)(D)"] },
  check: (resource, model) => {
    const flowLogs = model.referrers(resource, { types: ["azurerm_network_watcher_flow_log"], path: "target_resource_id" }).map((referrer) => referrer.resource);
    if (flowLogs.length === 0) return fail("no azurerm_network_watcher_flow_log in the input targets it");
    const enabled = flowLogs.filter((flowLog) => flowLog.values.enabled !== false);
    return enabled.length > 0 ? pass(`flow log ${enabled.map((flowLog) => flowLog.address).join(", ")}`) : fail(`${flowLogs.map((flowLog) => flowLog.address).join(", ")} is disabled (enabled = false)`);
  },
});
