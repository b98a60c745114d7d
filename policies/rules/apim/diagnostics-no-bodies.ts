import { all, expectSetting } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

const DIRECTIONS = ["frontend_request", "frontend_response", "backend_request", "backend_response"] as const;

export const apimDiagnosticsNoBodies = defineRule({
  id: "FHI-APIM-004",
  title: "API Management diagnostics log no request or response bodies",
  severity: "error",
  critical: true,
  service: "apim",
  resourceTypes: ["azurerm_api_management_diagnostic", "azurerm_api_management_api_diagnostic"],
  generations: AZURERM_2_TO_4,
  rationale: "Prompts and completions are patient data; a body logged to Application Insights or Log Analytics copies PHI to a store with different readers and retention.",
  remediation: "Set body_bytes = 0 (or leave it unset) in frontend_request, frontend_response, backend_request and backend_response; log allow-listed headers only.",
  references: { hipaa: ["164.312(a)(1)", "164.308(a)(4)(ii)(B)"] },
  check: (resource) =>
    all(DIRECTIONS.map((direction) => expectSetting(resource, { paths: [`${direction}.body_bytes`], ok: (value) => value === 0, want: "0", whenAbsent: true }))),
});
