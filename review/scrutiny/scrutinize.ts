import type { ResourceChange } from "../model";
import { SCRUTINY_RULES } from "./registry";
import type { ScrutinyRule } from "./rule";

/** Runs every rule over every change it reads and records what they say on the change (`security`). */
export function scrutinize(changes: readonly ResourceChange[], rules: readonly ScrutinyRule[] = SCRUTINY_RULES): void {
  const context = { changes };
  const byType = new Map<string, readonly ScrutinyRule[]>();
  const rulesFor = (type: string) => {
    let list = byType.get(type);
    if (list === undefined) {
      list = rules.filter((rule) => rule.resourceTypes.includes("*") || rule.resourceTypes.includes(type));
      byType.set(type, list);
    }
    return list;
  };
  for (const change of changes) {
    for (const rule of rulesFor(change.type)) {
      for (const note of rule.assess(change, context)) change.security.push({ ...note, rule: rule.id });
    }
    if (change.statefulLoss !== undefined) {
      change.security.push({ kind: "notable", reason: `${change.action === "destroy" ? "destroying" : "replacing"} this stateful resource loses ${change.statefulLoss}`, rule: "stateful-resource" });
    }
  }
}
