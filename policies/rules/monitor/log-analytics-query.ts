import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const logAnalyticsPublicQuery = defineRule({
  id: "FHI-MON-003",
  title: "Log Analytics blocks queries from public networks",
  severity: "warning",
  service: "monitor",
  resourceTypes: ["azurerm_log_analytics_workspace"],
  generations: AZURERM_2_TO_4,
  rationale: "Logs can contain identifiers of patients; querying them should require the private network.",
  remediation: "Set internet_query_enabled = false and query through an Azure Monitor Private Link Scope.",
  references: { azurePolicy: ["6c53d030-cc64-46f0-906d-2bc061cd1334"], hipaa: ["164.312(b)", "164.312(e)(1)"] },
  check: (resource) => expectBoolean(resource, ["internet_query_enabled"], false, true),
});
