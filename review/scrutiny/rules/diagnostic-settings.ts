import type { ValueObject } from "../../../policies/model";
import type { ResourceChange } from "../../model";
import { showValue } from "../../values";
import type { Assessment, ScrutinyRule } from "../rule";

const describe = (values: ValueObject) => `diagnostic setting ${typeof values.name === "string" ? values.name : showValue(values.name)} of ${showValue(values.target_resource_id, 110)}`;

/**
 * A diagnostic setting is how a resource's audit and access logs reach the workspace; without it nothing records
 * who used the resource. Removing one is broadening; adding one narrows. What a setting sends is for the
 * log-category rules (llm-logging).
 */
export const diagnosticSettings: ScrutinyRule = {
  id: "diagnostic-settings",
  title: "Diagnostic settings (audit and access logs)",
  resourceTypes: ["azurerm_monitor_diagnostic_setting"],
  assess(change: ResourceChange): Assessment[] {
    if (change.after === null && change.before !== null) return [{ kind: "broadening", reason: `${describe(change.before)} removed: its logs stop being recorded` }];
    if (change.before === null && change.after !== null) return [{ kind: "narrowing", reason: `${describe(change.after)} added` }];
    return [];
  },
};
