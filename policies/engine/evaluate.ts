import type { ResourceModel } from "../model/model";
import type { DeclaredSuppression, Resource } from "../model/resource";
import { CHILD_OF_TYPE } from "../model/children";
import { expiredSuppression } from "../rules/suppression/expired-suppression";
import { invalidSuppression } from "../rules/suppression/invalid-suppression";
import type { Rule, RuleInfo, Severity, Verdict } from "./rule";
import { isExpired, matchesAddress, suppressionProblem, type FileSuppression } from "./suppressions";

export type ResultStatus = "pass" | "fail" | "unknown" | "suppressed";

/** One (rule, resource) pair, or one (suppression rule, suppression file entry) pair. */
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
  /** Resources that at least one rule of the pack applied to; suppressions do not change it. */
  readonly resources: number;
}

export interface EvaluateOptions {
  /** Suppressions from a file, matched by address. */
  readonly suppressions?: readonly FileSuppression[];
  /** Today, for expiry dates; tests pass a fixed date. */
  readonly now?: Date;
  /** Only results for these resources (the rest of the model still answers relationship questions). */
  readonly only?: (resource: Resource) => boolean;
  /**
   * Leave out the results that pass (suppressed ones are kept): for callers that read failures only, such as a
   * review's policy delta, which then neither builds nor keeps tens of thousands of them.
   */
  readonly withoutPasses?: boolean;
  /**
   * Rule IDs of another pack run over the same input: their suppressions are that pack's to check, so this one
   * neither reports them as naming an unknown rule nor applies them.
   */
  readonly foreignRuleIds?: ReadonlySet<string>;
}

/** A plan's pure delete: the resource is gone after the change; only rules that judge destroys look at it. */
function isDestroyed(resource: Resource): boolean {
  return resource.actions?.includes("delete") === true && !resource.actions.includes("create");
}

/** The rules that may apply to each resource type, in pack order; `*` rules apply to every type. */
function rulesByType(rules: readonly Rule[]): (type: string) => readonly Rule[] {
  const index = new Map<string, Rule[]>();
  const everyType = rules.filter((rule) => rule.resourceTypes.includes("*"));
  for (const rule of rules) for (const type of rule.resourceTypes) if (type !== "*") index.set(type, [...(index.get(type) ?? []), rule]);
  const merged = new Map<string, readonly Rule[]>();
  return (type) => {
    if (!merged.has(type)) merged.set(type, everyType.length === 0 ? (index.get(type) ?? []) : rules.filter((rule) => index.get(type)?.includes(rule) || everyType.includes(rule)));
    return merged.get(type)!;
  };
}

/** Where a result points: a resource's source, or the suppression file of an entry. */
type Place = Pick<PolicyResult, "file" | "line" | "stack" | "constructPath">;

function resultOf(info: RuleInfo, address: string, at: Place, verdict: Verdict | { status: "suppressed"; message: string }, suppression?: DeclaredSuppression): PolicyResult {
  // Written out rather than spread: a large plan makes hundreds of thousands of these.
  const result: { -readonly [K in keyof PolicyResult]: PolicyResult[K] } = { ruleId: info.id, severity: info.severity, address, file: at.file, status: verdict.status, message: verdict.message };
  if (at.line !== undefined) result.line = at.line;
  if (at.stack !== undefined) result.stack = at.stack;
  if (at.constructPath !== undefined) result.constructPath = at.constructPath;
  if (suppression) result.suppression = { reason: suppression.reason, ...(suppression.expires ? { expires: suppression.expires } : {}), origin: suppression.origin };
  return result;
}

/** A finding about settings merged in from separate resources names them, so that the reader finds them. */
function withSettingsSource(subject: Resource, verdict: Verdict): Verdict {
  if (verdict.status === "pass" || !subject.configuredBy) return verdict;
  const sources = subject.configuredBy.filter((source) => verdict.message.includes(source.block) && !verdict.message.includes(source.address)).map((source) => source.address);
  return sources.length === 0 ? verdict : { ...verdict, message: `${verdict.message} (${[...new Set(sources)].join(", ")} configure(s) it)` };
}

/** The checks of the suppressions declared next to a resource in code: one result per resource. */
function declaredSuppressionResults(declared: readonly DeclaredSuppression[], resource: Resource, catalog: ReadonlyMap<string, RuleInfo>, now: Date): PolicyResult[] {
  const where = resource.source;
  const problems = declared.map((suppression) => suppressionProblem(suppression, catalog)).filter((problem): problem is string => problem !== undefined);
  const results = [resultOf(invalidSuppression, resource.address, where, problems.length > 0 ? { status: "fail", message: problems.join("; ") } : { status: "pass", message: `${declared.length} suppression(s) well-formed` })];
  const dated = declared.filter((suppression) => suppression.expires !== undefined && suppressionProblem(suppression, catalog) === undefined);
  if (dated.length === 0) return results;
  const expired = dated.filter((suppression) => isExpired(suppression, now));
  results.push(
    resultOf(
      expiredSuppression,
      resource.address,
      where,
      expired.length > 0
        ? { status: "fail", message: expired.map((suppression) => `suppression of ${suppression.ruleId} expired on ${suppression.expires} (${suppression.origin})`).join("; ") }
        : { status: "pass", message: `suppression(s) valid until ${dated.map((suppression) => suppression.expires).join(", ")}` },
    ),
  );
  return results;
}

/** The checks of a suppression file's entries: one finding per entry that cannot be honoured, located in the file. */
function fileSuppressionResults(suppressions: readonly FileSuppression[], catalog: ReadonlyMap<string, RuleInfo>, now: Date): PolicyResult[] {
  return suppressions.flatMap((suppression) => {
    const where = { file: suppression.origin, ...(suppression.line !== undefined ? { line: suppression.line } : {}) };
    const entry = suppression.index !== undefined ? `suppressions[${suppression.index}]` : "a suppression";
    const problem = suppressionProblem(suppression, catalog);
    if (problem) return [resultOf(invalidSuppression, suppression.address, where, { status: "fail", message: `${entry}: ${problem}` })];
    if (isExpired(suppression, now)) return [resultOf(expiredSuppression, suppression.address, where, { status: "fail", message: `${entry}: suppression of ${suppression.ruleId} expired on ${suppression.expires}` })];
    return [];
  });
}

/** The suppressions that may waive a finding of the resource: its own well-formed, unexpired ones and the file's matching ones. */
function usableSuppressions(declared: readonly DeclaredSuppression[], resource: Resource, fromFile: readonly { suppression: FileSuppression; matches: (resource: Resource) => boolean }[], catalog: ReadonlyMap<string, RuleInfo>, now: Date): DeclaredSuppression[] {
  return [
    ...declared.filter((suppression) => suppressionProblem(suppression, catalog) === undefined && !isExpired(suppression, now)),
    ...fromFile.filter((entry) => entry.matches(resource)).map((entry) => entry.suppression),
  ];
}

/**
 * Runs the rules over every resource they apply to: one result per (rule, resource) pair, passes
 * included, each rule judging the resource's effective view (`ResourceModel.effective`). A failing or unknown
 * result is `suppressed` only by a well-formed, unexpired suppression of a non-critical rule; every
 * suppression is itself checked (FHI-SUP-001 well-formed, FHI-SUP-002 not expired): those declared in code
 * once per resource, those of a file once per entry.
 */
export function evaluate(model: ResourceModel, rules: readonly Rule[], options: EvaluateOptions = {}): Evaluation {
  const now = options.now ?? new Date();
  const catalog = new Map<string, RuleInfo>([...rules, invalidSuppression, expiredSuppression].map((rule) => [rule.id, rule]));
  const own = <T extends DeclaredSuppression>(suppressions: readonly T[]): readonly T[] =>
    options.foreignRuleIds ? suppressions.filter((suppression) => !options.foreignRuleIds!.has(suppression.ruleId)) : suppressions;
  const fileSuppressions = own(options.suppressions ?? []);
  const usableFromFile = fileSuppressions
    .filter((suppression) => suppressionProblem(suppression, catalog) === undefined && !isExpired(suppression, now))
    .map((suppression) => ({ suppression, matches: matchesAddress(suppression) }));
  const candidatesFor = rulesByType(rules);
  const results: PolicyResult[] = [];
  let resources = 0;
  for (const resource of model.resources) {
    if (resource.mode !== "managed" || !(options.only?.(resource) ?? true)) continue;
    const destroyed = isDestroyed(resource);
    // A child resource whose parent is in the input is judged as part of the parent's effective configuration, but
    // by rules that judge resources as written.
    const judgedByParent = CHILD_OF_TYPE.has(resource.type) && model.parentOf(resource) !== undefined;
    const applicable = candidatesFor(resource.type).filter(
      (rule) => (!judgedByParent || rule.judgesAsWritten === true) && (!destroyed || rule.judgesDestroyed === true) && (rule.applies?.(resource, model) ?? true),
    );
    if (applicable.length > 0) resources += 1;
    const effective = applicable.some((rule) => rule.judgesAsWritten !== true) ? model.effective(resource) : resource;
    let usable: DeclaredSuppression[] | undefined;
    for (const rule of applicable) {
      const verdict = rule.judgesAsWritten === true ? rule.check(resource, model) : withSettingsSource(effective, rule.check(effective, model));
      if (verdict.status === "pass") {
        if (!options.withoutPasses) results.push(resultOf(rule, resource.address, resource.source, verdict));
        continue;
      }
      usable ??= usableSuppressions(own(resource.suppressions), resource, usableFromFile, catalog, now);
      const suppression = usable.find((candidate) => candidate.ruleId === rule.id);
      results.push(
        suppression
          ? resultOf(rule, resource.address, resource.source, { status: "suppressed", message: `${verdict.message} (suppressed: ${suppression.reason})` }, suppression)
          : resultOf(rule, resource.address, resource.source, verdict),
      );
    }
    const declared = own(resource.suppressions);
    if (!destroyed && declared.length > 0) results.push(...declaredSuppressionResults(declared, resource, catalog, now).filter((result) => !options.withoutPasses || result.status !== "pass"));
  }
  results.push(...fileSuppressionResults(fileSuppressions, catalog, now));
  return { rules: catalogOf(rules, catalog), results, resources };
}

/** The catalog of each pack, made once: synth evaluates the same pack for every stack. Reports only read it. */
const CATALOGS = new WeakMap<readonly Rule[], readonly RuleInfo[]>();
function catalogOf(rules: readonly Rule[], catalog: ReadonlyMap<string, RuleInfo>): readonly RuleInfo[] {
  let infos = CATALOGS.get(rules);
  if (infos === undefined) {
    infos = [...catalog.values()].map(infoOf);
    CATALOGS.set(rules, infos);
  }
  return infos;
}

/** A rule's metadata without its functions, for reports. */
export function infoOf(rule: RuleInfo): RuleInfo {
  const { id, title, severity, critical, service, rationale, remediation, references, sources, resourceTypes, generations } = rule;
  return { id, title, severity, ...(critical ? { critical } : {}), service, rationale, remediation, references, ...(sources ? { sources } : {}), resourceTypes, ...(generations ? { generations } : {}) };
}
