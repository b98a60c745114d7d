import { expectSetting } from "../../engine/checks";
import { defineRule } from "../../engine/rule";

export const logAnalyticsRetention = defineRule({
  id: "FHI-MON-004",
  title: "Log Analytics keeps logs for at least 90 days",
  severity: "warning",
  service: "monitor",
  resourceTypes: ["azurerm_log_analytics_workspace"],
  rationale: "Breaches are often found months later; investigating them needs the logs from when they began.",
  remediation: "Set retention_in_days = 90 or more (archive older logs to immutable storage).",
  references: { trivy: ["AVD-AZU-0031"], hipaa: ["164.312(b)", "164.316(b)(2)(i)"] },
  check: (resource) => expectSetting(resource, { paths: ["retention_in_days"], ok: (value) => typeof value === "number" && value >= 90, want: "at least 90", whenAbsent: false }),
});
