import { defineRule } from "../../engine/rule";
import { checkLocalAuthentication } from "./log-analytics-local-auth";
import { AZURERM_2_TO_4 } from "../common/generations";

export const appInsightsLocalAuth = defineRule({
  id: "FHI-MON-005",
  title: "Application Insights accepts only Entra ID authenticated telemetry",
  severity: "error",
  service: "monitor",
  resourceTypes: ["azurerm_application_insights"],
  generations: AZURERM_2_TO_4,
  rationale: "The instrumentation key is public by design (it ships in clients); without Entra ID auth anyone can forge telemetry.",
  remediation: "Set local_authentication_disabled = true and send telemetry with a managed identity.",
  references: { azurePolicy: ["199d5677-e4d9-4264-9465-efe1839c06bd"], hipaa: ["164.312(b)", "164.312(d)"] },
  check: checkLocalAuthentication,
});
