import type { Evaluation, PolicyResult } from "../engine/evaluate";
import { SEVERITIES } from "../engine/rule";
import { location, resultsWith, summarize, type FailOn } from "./summary";

/** Renders aligned columns; the CLI passes its own so every `fhi` table looks alike. */
export type TableFormatter = (headers: readonly string[], rows: readonly (readonly (string | number)[])[]) => string;

/** Where a result is: `file:line`, else the construct path (the synth-time aspect knows no lines), else the file. */
function place(result: PolicyResult): string {
  return result.line === undefined && result.constructPath !== undefined ? result.constructPath : location(result);
}

const indent = (text: string) => text.replace(/^/gm, "  ");

/**
 * Suppressed findings, one block per suppression (rule, reason, expiry, where it is declared) with one row per
 * resource it waives: stack (for cdktf input) and location.
 */
function suppressedSection(suppressed: readonly PolicyResult[], formatTable: TableFormatter): string {
  const groups = new Map<string, PolicyResult[]>();
  for (const result of suppressed) {
    const { reason = "", expires = "", origin = "" } = result.suppression ?? {};
    const key = JSON.stringify([result.ruleId, reason, expires, origin]);
    groups.set(key, [...(groups.get(key) ?? []), result]);
  }
  const withStacks = suppressed.some((result) => result.stack !== undefined);
  const blocks = [...groups.values()].map((results) => {
    const [first] = results;
    const { reason = "", expires, origin } = first.suppression ?? {};
    const heading = `${first.ruleId} (${results.length} ${results.length === 1 ? "resource" : "resources"}; ${origin === "code" ? "in code" : `in ${origin}`}; ${expires ? `expires ${expires}` : "no expiry"}): ${reason}`;
    const rows = [...results]
      .sort((a, b) => (a.stack ?? "").localeCompare(b.stack ?? "") || a.address.localeCompare(b.address))
      .map((result) => (withStacks ? [result.stack ?? "-", result.address, place(result)] : [result.address, place(result)]));
    return `${heading}\n${indent(formatTable(withStacks ? ["stack", "resource", "location"] : ["resource", "location"], rows))}`;
  });
  return `SUPPRESSED (${suppressed.length})\n${blocks.join("\n")}`;
}

/** One line per rule with failing checks: how many, and in which stacks (or files). */
function byRuleSection(evaluation: Evaluation, failing: readonly PolicyResult[], formatTable: TableFormatter): string {
  const byRule = new Map<string, PolicyResult[]>();
  for (const result of failing) byRule.set(result.ruleId, [...(byRule.get(result.ruleId) ?? []), result]);
  const titles = new Map(evaluation.rules.map((rule) => [rule.id, rule.title]));
  const rows = [...byRule.values()].map((results) => {
    const [first] = results;
    const where = [...new Set(results.map((result) => result.stack ?? result.file))].sort();
    return [first.ruleId, first.severity, results.length, where.join(", "), titles.get(first.ruleId) ?? ""];
  });
  return `FAILING BY RULE (${byRule.size})\n${formatTable(["rule", "severity", "failing", "where", "title"], rows)}`;
}

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
  if (suppressed.length > 0) sections.push(suppressedSection(suppressed, formatTable));
  if (failing.length === 0) sections.push("No failing checks.");
  else sections.push(byRuleSection(evaluation, failing, formatTable));
  sections.push(
    `${summary.results} checks on ${summary.resources} resources that rules apply to: ${summary.pass} pass, ${summary.fail} fail ` +
      `(${summary.failures.error} error, ${summary.failures.warning} warning, ${summary.failures.info} info), ${summary.unknown} unknown, ${summary.suppressed} suppressed. ` +
      `Gate (--fail-on ${failOn}): ${summary.failed ? "FAILED" : "passed"}.`,
  );
  return `${sections.join("\n\n")}\n`;
}
