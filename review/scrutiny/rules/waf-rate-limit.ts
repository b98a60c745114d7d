import { blocksAt, isUnknown, isValueObject, type ValueObject } from "../../../policies/model";
import type { ResourceChange } from "../../model";
import type { Assessment, ScrutinyRule } from "../rule";

interface RateLimit {
  readonly threshold: number;
  readonly minutes: number;
}

/** Rate-limit custom rules by name, or undefined when any comes from an expression. */
function rateLimits(values: ValueObject): Map<string, RateLimit> | undefined {
  const rules = blocksAt(values, "custom_rule");
  if (isUnknown(rules)) return undefined;
  const limits = new Map<string, RateLimit>();
  for (const rule of rules) {
    if (!isValueObject(rule) || rule.type !== "RateLimitRule" || rule.enabled === false) continue;
    const { name, rate_limit_threshold: threshold, rate_limit_duration_in_minutes: minutes } = rule;
    if (typeof name !== "string" || typeof threshold !== "number") return undefined;
    limits.set(name, { threshold, minutes: typeof minutes === "number" ? minutes : 1 });
  }
  return limits;
}

const show = (limit: RateLimit) => `${limit.threshold} requests per ${limit.minutes} min`;

/** A WAF rate limit raised, disabled or removed lets one client send more: broadening, with before and after. */
export const wafRateLimit: ScrutinyRule = {
  id: "waf-rate-limit",
  title: "WAF rate limits",
  resourceTypes: ["azurerm_cdn_frontdoor_firewall_policy", "azurerm_frontdoor_firewall_policy"],
  assess(change: ResourceChange): Assessment[] {
    if (change.before === null || change.after === null) return [];
    const before = rateLimits(change.before);
    const after = rateLimits(change.after);
    if (!before || !after) return [{ kind: "notable", reason: "rate-limit rules come from an expression (cannot tell whether a limit was raised)" }];
    const notes: Assessment[] = [];
    for (const [name, old] of before) {
      const current = after.get(name);
      if (!current) {
        notes.push({ kind: "broadening", reason: `rate limit ${name} (${show(old)}) removed` });
        continue;
      }
      const oldRate = old.threshold / old.minutes;
      const newRate = current.threshold / current.minutes;
      if (newRate !== oldRate) notes.push({ kind: newRate > oldRate ? "broadening" : "narrowing", reason: `rate limit ${name} ${show(old)} -> ${show(current)}` });
    }
    for (const [name, added] of after) if (!before.has(name)) notes.push({ kind: "narrowing", reason: `rate limit ${name} (${show(added)}) added` });
    return notes;
  },
};
