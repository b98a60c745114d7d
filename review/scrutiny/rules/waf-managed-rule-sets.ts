import { blocksAt, isUnknown, isValueObject, type ValueObject } from "../../../policies/model";
import type { ResourceChange } from "../../model";
import type { Assessment, ScrutinyRule } from "../rule";

/** Managed rule set types of a WAF policy, or undefined when they come from an expression. */
function ruleSets(values: ValueObject): Set<string> | undefined {
  const blocks = blocksAt(values, "managed_rule");
  if (isUnknown(blocks)) return undefined;
  const types = blocks.map((block) => (isValueObject(block) ? block.type : undefined));
  return types.every((type): type is string => typeof type === "string") ? new Set(types) : undefined;
}

/** A managed rule set removed from a Front Door WAF is broadening; one added is narrowing. */
export const wafManagedRuleSets: ScrutinyRule = {
  id: "waf-managed-rule-sets",
  title: "WAF managed rule sets",
  resourceTypes: ["azurerm_cdn_frontdoor_firewall_policy", "azurerm_frontdoor_firewall_policy"],
  assess(change: ResourceChange): Assessment[] {
    if (change.before === null || change.after === null) return [];
    const before = ruleSets(change.before);
    const after = ruleSets(change.after);
    if (!before || !after) return [{ kind: "notable", reason: "managed rule sets come from an expression (cannot tell whether one was removed)" }];
    const removed = [...before].filter((type) => !after.has(type));
    const added = [...after].filter((type) => !before.has(type));
    return [
      ...removed.map((type): Assessment => ({ kind: "broadening", reason: `managed rule set ${type} removed` })),
      ...added.map((type): Assessment => ({ kind: "narrowing", reason: `managed rule set ${type} added` })),
    ];
  },
};
