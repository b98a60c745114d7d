import type { Evaluation, PolicyResult } from "../engine/evaluate";
import { SEVERITIES, type Severity } from "../engine/rule";

export type FailOn = Severity | "never";
export const FAIL_ON_LEVELS: readonly FailOn[] = ["error", "warning", "never"];

export interface Summary {
  readonly resources: number;
  readonly results: number;
  readonly pass: number;
  readonly fail: number;
  readonly unknown: number;
  readonly suppressed: number;
  /** Failing results per severity. */
  readonly failures: Record<Severity, number>;
  readonly failOn: FailOn;
  /** True when a failing result is at or above `failOn`: the gate is closed (exit 1). */
  readonly failed: boolean;
}

/** Is a failure of this severity at or above the gate? */
export function atOrAbove(severity: Severity, failOn: FailOn): boolean {
  return failOn !== "never" && SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(failOn);
}

export function summarize(evaluation: Evaluation, failOn: FailOn): Summary {
  // One pass: a large plan has hundreds of thousands of results.
  const counts: Record<PolicyResult["status"], number> = { pass: 0, fail: 0, unknown: 0, suppressed: 0 };
  const failures = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  let failed = false;
  for (const result of evaluation.results) {
    counts[result.status] += 1;
    if (result.status !== "fail") continue;
    failures[result.severity] += 1;
    failed ||= atOrAbove(result.severity, failOn);
  }
  return {
    resources: evaluation.resources,
    results: evaluation.results.length,
    pass: counts.pass,
    fail: counts.fail,
    unknown: counts.unknown,
    suppressed: counts.suppressed,
    failures,
    failOn,
    failed,
  };
}

/** `file:line` for people; just the file when the line is not known. */
export function location(result: Pick<PolicyResult, "file" | "line">): string {
  return result.line !== undefined ? `${result.file}:${result.line}` : result.file;
}

/** Results of one status, most severe first, then by rule and address. */
export function resultsWith(evaluation: Evaluation, status: PolicyResult["status"]): PolicyResult[] {
  return evaluation.results
    .filter((result) => result.status === status)
    .sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.ruleId.localeCompare(b.ruleId) || a.address.localeCompare(b.address));
}
