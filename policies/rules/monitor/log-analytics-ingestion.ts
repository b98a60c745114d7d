import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const logAnalyticsPublicIngestion = defineRule({
  id: "FHI-MON-002",
  title: "Log Analytics blocks ingestion from public networks",
  severity: "warning",
  service: "monitor",
  resourceTypes: ["azurerm_log_analytics_workspace"],
  generations: AZURERM_2_TO_4,
  rationale: "Public ingestion lets any holder of a credential write into the audit store from anywhere; private link scopes keep it inside.",
  remediation: "Set internet_ingestion_enabled = false and ingest through an Azure Monitor Private Link Scope.",
  references: { azurePolicy: ["6c53d030-cc64-46f0-906d-2bc061cd1334"], hipaa: ["164.312(b)", "164.312(e)(1)"] },
  check: (resource) => expectBoolean(resource, ["internet_ingestion_enabled"], false, true),
});
