import type { Evaluation, PolicyResult } from "../engine/evaluate";
import { summarize, type FailOn } from "./summary";

function resultJson(result: PolicyResult): object {
  // Written out rather than spread: a large plan has hundreds of thousands of results.
  const json: Record<string, unknown> = { ruleId: result.ruleId, address: result.address, file: result.file };
  if (result.line !== undefined) json.line = result.line;
  if (result.stack !== undefined) json.stack = result.stack;
  json.severity = result.severity;
  json.status = result.status;
  json.message = result.message;
  if (result.suppression) json.suppression = result.suppression;
  return json;
}

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
    results: evaluation.results.map(resultJson),
    summary: summarize(evaluation, failOn),
  };
}
