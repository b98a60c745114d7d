import { expectPresent } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const diagnosticSettingWorkspace = defineRule({
  id: "FHI-MON-011",
  title: "Diagnostic settings send to a Log Analytics workspace",
  severity: "warning",
  service: "monitor",
  resourceTypes: ["azurerm_monitor_diagnostic_setting"],
  generations: AZURERM_2_TO_4,
  rationale: "Audit review needs logs in a queryable, access-controlled workspace with retention; an event hub or storage account alone is not reviewed.",
  remediation: "Set log_analytics_workspace_id to the environment's workspace (other destinations may be added).",
  references: { hipaa: ["164.312(b)", "164.308(a)(1)(ii)(D)"] },
  check: (resource) => expectPresent(resource, "log_analytics_workspace_id", "logs do not reach Log Analytics"),
});
