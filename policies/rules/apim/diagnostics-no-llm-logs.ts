import { defineRule, fail, pass, unknown } from "../../engine/rule";
import type { Resource } from "../../model/resource";
import { blocksAt, isUnknown, isValueObject, type Value } from "../../model/value";
import { AZURERM_2_TO_4 } from "../common/generations";
import { oneOf } from "../../engine/checks";

/** API Management's log categories that record request metadata only (no prompt, completion or message content). */
export const APIM_CONTENT_FREE_CATEGORIES = ["GatewayLogs", "WebSocketConnectionLogs", "DeveloperPortalAuditLogs"] as const;

const APIM_ID = /\/providers\/microsoft\.apimanagement\/service\/[^/]+$/i;
const APIM_ADDRESS = /(^|\.)azurerm_api_management\.[^.]+$/;

/** Does the diagnostic setting target an API Management instance (by reference, or by literal ARM ID in a plan)? */
function targetsApiManagement(setting: Resource): boolean {
  const target = setting.values.target_resource_id;
  if (typeof target === "string") return APIM_ID.test(target);
  return setting.references.some((reference) => reference.path === "target_resource_id" && APIM_ADDRESS.test(reference.target.slice(reference.target.lastIndexOf("|") + 1)));
}

/** A set string attribute of a log block; plans write unset ones as null or "". */
function setString(value: Value | undefined): string | Value | undefined {
  return value === "" || value === null ? undefined : value;
}

export const apimDiagnosticsNoLlmLogs = defineRule({
  id: "FHI-APIM-005",
  title: "API Management diagnostic settings send no LLM logs (prompts and completions)",
  severity: "error",
  critical: true,
  service: "apim",
  resourceTypes: ["azurerm_monitor_diagnostic_setting"],
  generations: AZURERM_2_TO_4,
  applies: targetsApiManagement,
  rationale:
    "API Management's GatewayLlmLogs category records the prompts and completions of language-model APIs, which are patient data; the allLogs and audit category groups include it, and a group takes in every category the service adds later.",
  remediation: `Name the categories: enabled_log { category = "GatewayLogs" } (reviewed as content-free: ${APIM_CONTENT_FREE_CATEGORIES.join(", ")}); never category_group = "allLogs" or "audit", never category = "GatewayLlmLogs".`,
  references: { hipaa: ["164.312(a)(1)", "164.308(a)(4)(ii)(B)"] },
  check: (setting) => {
    const enabled = blocksAt(setting.values, "enabled_log");
    const legacy = blocksAt(setting.values, "log");
    if (isUnknown(enabled) || isUnknown(legacy)) return unknown("log categories come from an expression");
    const blocks = [...enabled, ...legacy.filter((block) => !isValueObject(block) || block.enabled !== false)];
    const offending: string[] = [];
    const sent: string[] = [];
    for (const block of blocks) {
      if (!isValueObject(block)) continue;
      const group = setString(block.category_group);
      const category = setString(block.category);
      if (isUnknown(group) || isUnknown(category)) return unknown("a log category comes from an expression");
      if (typeof group === "string") offending.push(`category group "${group}" (includes GatewayLlmLogs)`);
      else if (typeof category === "string") {
        const reviewed = oneOf(...APIM_CONTENT_FREE_CATEGORIES)(category);
        if (reviewed) sent.push(category);
        else offending.push(`category "${category}"`);
      }
    }
    if (offending.length > 0) return fail(`sends ${offending.join(", ")}; only ${APIM_CONTENT_FREE_CATEGORIES.join(", ")} are reviewed as free of prompts and completions`);
    return pass(sent.length > 0 ? `sends only ${sent.join(", ")}` : "sends no resource logs");
  },
});
