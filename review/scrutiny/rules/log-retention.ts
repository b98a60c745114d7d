import { isAbsent, type Value } from "../../../policies/model";
import { settingRule } from "../rule";

/** Fewer days kept is more exposure: evidence of an incident is gone sooner. `absentDays` is the provider's default. */
function retentionExposure(absentDays: number): (value: Value | undefined) => number | undefined {
  return (value) => {
    const days = isAbsent(value) ? absentDays : value;
    return typeof days === "number" ? -days : undefined;
  };
}

/**
 * How long logs and telemetry are kept: the audit trail of who reached patient data. Shortening it is broadening.
 * Provider defaults (azurerm 4.55): Log Analytics `retention_in_days` 30, Application Insights 90.
 */
export const logRetention = settingRule({
  id: "log-retention",
  title: "Log and telemetry retention",
  settings: [
    { types: ["azurerm_log_analytics_workspace"], paths: ["retention_in_days"], label: "log retention (days)", exposure: retentionExposure(30), broadeningOnCreate: false },
    { types: ["azurerm_application_insights"], paths: ["retention_in_days"], label: "telemetry retention (days)", exposure: retentionExposure(90), broadeningOnCreate: false },
  ],
});
