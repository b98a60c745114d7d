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
  const count = (status: PolicyResult["status"]) => evaluation.results.filter((result) => result.status === status).length;
  const failing = evaluation.results.filter((result) => result.status === "fail");
  const failures = Object.fromEntries(SEVERITIES.map((severity) => [severity, failing.filter((result) => result.severity === severity).length])) as Record<Severity, number>;
  return {
    resources: evaluation.resources,
    results: evaluation.results.length,
    pass: count("pass"),
    fail: failing.length,
    unknown: count("unknown"),
    suppressed: count("suppressed"),
    failures,
    failOn,
    failed: failing.some((result) => atOrAbove(result.severity, failOn)),
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
