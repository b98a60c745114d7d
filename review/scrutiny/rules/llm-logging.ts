import { blocksAt, isUnknown, isValueObject, type Value, type ValueObject } from "../../../policies/model";
import type { ResourceChange } from "../../model";
import type { Assessment, ScrutinyRule } from "../rule";

/** API Management's log category that records prompts and completions when LLM logging is on: PHI. */
const LLM_CATEGORY = "gatewayllmlogs";
/** Groups that take in every category of the target, the LLM one included. */
const ALL_LOGS_GROUPS = new Set(["alllogs", "audit"]);

/** A diagnostic setting aimed at API Management, by ARM ID or by a reference to an azurerm_api_management. */
function targetsApiManagement(target: Value | undefined): boolean {
  const text = isUnknown(target) ? target.why : typeof target === "string" ? target : "";
  return /\/providers\/Microsoft\.ApiManagement\/service\/|azurerm_api_management\./i.test(text);
}

/** What of a diagnostic setting can send prompts and completions to its destination, as reasons. */
function llmLogSources(values: ValueObject | null): Set<string> {
  const sources = new Set<string>();
  if (values === null) return sources;
  const blocks = blocksAt(values, "enabled_log");
  if (isUnknown(blocks)) return sources;
  for (const block of blocks.filter(isValueObject)) {
    const category = typeof block.category === "string" ? block.category : undefined;
    const group = typeof block.category_group === "string" ? block.category_group : undefined;
    if (category?.toLowerCase() === LLM_CATEGORY) sources.add(`category ${category}`);
    if (group && ALL_LOGS_GROUPS.has(group.toLowerCase()) && targetsApiManagement(values.target_resource_id)) {
      sources.add(`category group ${group} of API Management (includes GatewayLlmLogs)`);
    }
  }
  return sources;
}

/**
 * Diagnostic logs that can carry prompts and completions (patient data): API Management's GatewayLlmLogs
 * category, or a catch-all group on API Management, added is broadening; removed is narrowing.
 */
export const llmLogging: ScrutinyRule = {
  id: "llm-logging",
  title: "Logging of prompts and completions (PHI) by diagnostic settings",
  resourceTypes: ["azurerm_monitor_diagnostic_setting"],
  assess(change: ResourceChange): Assessment[] {
    const before = llmLogSources(change.before);
    const after = llmLogSources(change.after);
    const name = String((change.after ?? change.before)?.name ?? change.address);
    return [
      ...[...after].filter((source) => !before.has(source)).map((source): Assessment => ({ kind: "broadening", reason: `diagnostic setting "${name}" now sends ${source}: prompts and completions can reach the logs` })),
      ...[...before].filter((source) => !after.has(source)).map((source): Assessment => ({ kind: "narrowing", reason: `diagnostic setting "${name}" no longer sends ${source}` })),
    ];
  },
};
