import { expectPresent } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const appInsightsWorkspaceBased = defineRule({
  id: "FHI-MON-007",
  title: "Application Insights stores telemetry in a Log Analytics workspace",
  severity: "warning",
  service: "monitor",
  resourceTypes: ["azurerm_application_insights"],
  generations: AZURERM_2_TO_4,
  rationale: "Workspace-based telemetry shares the workspace's access control, retention, private link and customer-managed key.",
  remediation: "Set workspace_id to the environment's Log Analytics workspace.",
  references: { azurePolicy: ["d550e854-df1a-4de9-bf44-cd894b39a95e"], hipaa: ["164.312(b)"] },
  check: (resource) => expectPresent(resource, "workspace_id", "classic (non-workspace) Application Insights"),
});
