import type { Evaluation } from "../engine/evaluate";
import { summarize, type FailOn } from "./summary";

/** The `--format json` document: rules with references (and sources, for preflight rules), one result per (rule, resource), and the summary. */
export function jsonReport(evaluation: Evaluation, failOn: FailOn): object {
  return {
    rules: evaluation.rules.map((rule) => ({
      id: rule.id,
      title: rule.title,
      severity: rule.severity,
      ...(rule.critical ? { critical: true } : {}),
      references: rule.references,
      ...(rule.sources ? { sources: rule.sources } : {}),
    })),
    results: evaluation.results.map((result) => ({
      ruleId: result.ruleId,
      address: result.address,
      file: result.file,
      ...(result.line !== undefined ? { line: result.line } : {}),
      ...(result.stack !== undefined ? { stack: result.stack } : {}),
      severity: result.severity,
      status: result.status,
      message: result.message,
      ...(result.suppression ? { suppression: result.suppression } : {}),
    })),
    summary: summarize(evaluation, failOn),
  };
}
