import type { Evaluation } from "../engine/evaluate";
import { SEVERITIES } from "../engine/rule";
import { location, resultsWith, summarize, type FailOn } from "./summary";

/** Renders aligned columns; the CLI passes its own so every `fhi` table looks alike. */
export type TableFormatter = (headers: readonly string[], rows: readonly (readonly (string | number)[])[]) => string;

/** A readable report for a terminal: failures grouped by severity, then unknowns and suppressions, then totals. */
export function textReport(evaluation: Evaluation, failOn: FailOn, formatTable: TableFormatter): string {
  const summary = summarize(evaluation, failOn);
  const sections: string[] = [];
  const failing = resultsWith(evaluation, "fail");
  for (const severity of SEVERITIES) {
    const rows = failing.filter((result) => result.severity === severity);
    if (rows.length === 0) continue;
    sections.push(`${severity.toUpperCase()} (${rows.length})\n${formatTable(["rule", "resource", "location", "problem"], rows.map((r) => [r.ruleId, r.address, location(r), r.message]))}`);
  }
  const unknowns = resultsWith(evaluation, "unknown");
  if (unknowns.length > 0) {
    sections.push(`UNKNOWN until apply (${unknowns.length}): review these by hand\n${formatTable(["rule", "resource", "location", "why"], unknowns.map((r) => [r.ruleId, r.address, location(r), r.message]))}`);
  }
  const suppressed = resultsWith(evaluation, "suppressed");
  if (suppressed.length > 0) {
    sections.push(`SUPPRESSED (${suppressed.length})\n${formatTable(["rule", "resource", "reason", "expires"], suppressed.map((r) => [r.ruleId, r.address, r.suppression?.reason ?? "", r.suppression?.expires ?? "-"]))}`);
  }
  if (failing.length === 0) sections.push("No failing checks.");
  sections.push(
    `${summary.results} checks on ${summary.resources} resources that rules apply to: ${summary.pass} pass, ${summary.fail} fail ` +
      `(${summary.failures.error} error, ${summary.failures.warning} warning, ${summary.failures.info} info), ${summary.unknown} unknown, ${summary.suppressed} suppressed. ` +
      `Gate (--fail-on ${failOn}): ${summary.failed ? "FAILED" : "passed"}.`,
  );
  return `${sections.join("\n\n")}\n`;
}
