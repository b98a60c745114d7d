import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const appInsightsPublicIngestion = defineRule({
  id: "FHI-MON-006",
  title: "Application Insights blocks ingestion and queries from public networks",
  severity: "warning",
  service: "monitor",
  resourceTypes: ["azurerm_application_insights"],
  generations: AZURERM_2_TO_4,
  rationale: "Request telemetry can carry identifiers from clinical requests; it should enter and leave only through private links.",
  remediation: "Set internet_ingestion_enabled = false and internet_query_enabled = false.",
  references: { azurePolicy: ["1bc02227-0cb6-4e11-8f53-eb0b22eab7e8"], hipaa: ["164.312(b)", "164.312(e)(1)"] },
  check: (resource) => expectBoolean(resource, ["internet_ingestion_enabled"], false, true),
});
