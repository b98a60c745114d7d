import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const acrExportDisabled = defineRule({
  id: "FHI-ACR-008",
  title: "Container registry blocks image export",
  severity: "info",
  service: "acr",
  resourceTypes: ["azurerm_container_registry"],
  generations: AZURERM_2_TO_4,
  rationale: "Export (import/transfer pipelines) is a data-exfiltration path around the private network.",
  remediation: "Set export_policy_enabled = false (requires public network access disabled).",
  references: { hipaa: ["164.312(e)(1)"] },
  check: (resource) => expectBoolean(resource, ["export_policy_enabled"], false, true),
});
