import type { ResourceModel } from "../model/model";
import type { DeclaredSuppression, Resource } from "../model/resource";
import { expiredSuppression } from "../rules/suppression/expired-suppression";
import { invalidSuppression } from "../rules/suppression/invalid-suppression";
import type { Rule, RuleInfo, Severity, Verdict } from "./rule";
import { isExpired, suppressionFor, suppressionProblem, type FileSuppression } from "./suppressions";

export type ResultStatus = "pass" | "fail" | "unknown" | "suppressed";

/** One (rule, resource) pair. */
export interface PolicyResult {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly address: string;
  readonly file: string;
  readonly line?: number;
  readonly stack?: string;
  readonly constructPath?: string;
  readonly status: ResultStatus;
  readonly message: string;
  /** For `suppressed`: the suppression that applied. */
  readonly suppression?: { readonly reason: string; readonly expires?: string; readonly origin: string };
}

export interface Evaluation {
  /** Every rule of the pack, including the suppression rules, in catalog order. */
  readonly rules: readonly RuleInfo[];
  readonly results: readonly PolicyResult[];
}

export interface EvaluateOptions {
  /** Suppressions from a file, matched by address. */
  readonly suppressions?: readonly FileSuppression[];
  /** Today, for expiry dates; tests pass a fixed date. */
  readonly now?: Date;
  /** Only results for these resources (the rest of the model still answers relationship questions). */
  readonly only?: (resource: Resource) => boolean;
  /** Rules of another pack run on the same input: suppressions that name them are that pack's to judge, not this one's. */
  readonly foreignRuleIds?: ReadonlySet<string>;
}

/** A plan's pure delete: the resource is gone after the change; only rules that judge destroys look at it. */
function isDestroyed(resource: Resource): boolean {
  return resource.actions?.includes("delete") === true && !resource.actions.includes("create");
}

function appliesTo(rule: Rule, resource: Resource): boolean {
  return (rule.resourceTypes.includes("*") || rule.resourceTypes.includes(resource.type)) && (rule.applies?.(resource) ?? true);
}

function resultOf(info: RuleInfo, resource: Resource, verdict: Verdict | { status: "suppressed"; message: string }, suppression?: DeclaredSuppression): PolicyResult {
  const { source } = resource;
  return {
    ruleId: info.id,
    severity: info.severity,
    address: resource.address,
    file: source.file,
    ...(source.line !== undefined ? { line: source.line } : {}),
    ...(source.stack !== undefined ? { stack: source.stack } : {}),
    ...(source.constructPath !== undefined ? { constructPath: source.constructPath } : {}),
    status: verdict.status,
    message: verdict.message,
    ...(suppression ? { suppression: { reason: suppression.reason, ...(suppression.expires ? { expires: suppression.expires } : {}), origin: suppression.origin } } : {}),
  };
}

/**
 * Runs the rules over every resource they apply to: one result per (rule, resource) pair, passes
 * included. A failing or unknown result is `suppressed` only by a well-formed, unexpired suppression of a
 * non-critical rule; every suppression is itself checked (FHI-SUP-001 well-formed, FHI-SUP-002 not expired).
 */
export function evaluate(model: ResourceModel, rules: readonly Rule[], options: EvaluateOptions = {}): Evaluation {
  const now = options.now ?? new Date();
  const catalog = new Map<string, RuleInfo>([...rules, invalidSuppression, expiredSuppression].map((rule) => [rule.id, rule]));
  const results: PolicyResult[] = [];
  for (const resource of model.resources.filter((candidate) => candidate.mode === "managed" && (options.only?.(candidate) ?? true))) {
    const destroyed = isDestroyed(resource);
    const suppressions = suppressionFor(resource, options.suppressions ?? []).filter((suppression) => !options.foreignRuleIds?.has(suppression.ruleId));
    const usable = suppressions.filter((suppression) => suppressionProblem(suppression, catalog) === undefined && !isExpired(suppression, now));
    for (const rule of rules.filter((candidate) => (!destroyed || candidate.judgesDestroyed === true) && appliesTo(candidate, resource))) {
      const verdict = rule.check(resource, model);
      const suppression = verdict.status === "pass" ? undefined : usable.find((candidate) => candidate.ruleId === rule.id);
      results.push(
        suppression
          ? resultOf(rule, resource, { status: "suppressed", message: `${verdict.message} (suppressed: ${suppression.reason})` }, suppression)
          : resultOf(rule, resource, verdict),
      );
    }
    if (destroyed || suppressions.length === 0) continue;
    const problems = suppressions.map((suppression) => suppressionProblem(suppression, catalog)).filter((problem): problem is string => problem !== undefined);
    results.push(resultOf(invalidSuppression, resource, problems.length > 0 ? { status: "fail", message: problems.join("; ") } : { status: "pass", message: `${suppressions.length} suppression(s) well-formed` }));
    const dated = suppressions.filter((suppression) => suppression.expires !== undefined && suppressionProblem(suppression, catalog) === undefined);
    if (dated.length === 0) continue;
    const expired = dated.filter((suppression) => isExpired(suppression, now));
    results.push(
      resultOf(
        expiredSuppression,
        resource,
        expired.length > 0
          ? { status: "fail", message: expired.map((suppression) => `suppression of ${suppression.ruleId} expired on ${suppression.expires} (${suppression.origin})`).join("; ") }
          : { status: "pass", message: `suppression(s) valid until ${dated.map((suppression) => suppression.expires).join(", ")}` },
      ),
    );
  }
  return { rules: [...catalog.values()].map(infoOf), results };
}

/** A rule's metadata without its functions, for reports. */
export function infoOf(rule: RuleInfo): RuleInfo {
  const { id, title, severity, critical, service, rationale, remediation, references, sources, resourceTypes } = rule;
  return { id, title, severity, ...(critical ? { critical } : {}), service, rationale, remediation, references, ...(sources ? { sources } : {}), resourceTypes };
}
