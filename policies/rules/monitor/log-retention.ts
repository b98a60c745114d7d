import { atLeast, expectSetting } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const logAnalyticsRetention = defineRule({
  id: "FHI-MON-004",
  title: "Log Analytics keeps logs for at least 90 days",
  severity: "warning",
  service: "monitor",
  resourceTypes: ["azurerm_log_analytics_workspace"],
  generations: AZURERM_2_TO_4,
  rationale: "Breaches are often found months later; investigating them needs the logs from when they began. The provider's default is 30 days.",
  remediation: "Set retention_in_days = 90 or more (archive older logs to immutable storage).",
  references: { hipaa: ["164.312(b)", "164.316(b)(2)(i)"] },
  check: (resource) => expectSetting(resource, { paths: ["retention_in_days"], ok: atLeast(90), want: "at least 90", whenAbsent: false }),
});
