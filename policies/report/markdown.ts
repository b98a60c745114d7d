import type { Evaluation, PolicyResult } from "../engine/evaluate";
import { location, resultsWith, summarize, type FailOn } from "./summary";

/** Escapes text for a markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function table(headers: string[], rows: string[][]): string {
  return [`| ${headers.join(" | ")} |`, `|${headers.map(() => "---").join("|")}|`, ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`)].join("\n");
}

const ICON: Record<PolicyResult["severity"], string> = { error: ":x:", warning: ":warning:", info: ":information_source:" };

/** A report for a pull-request comment: verdict, counts, and tables of what needs attention. */
export function markdownReport(evaluation: Evaluation, failOn: FailOn, title = "Policy check"): string {
  const summary = summarize(evaluation, failOn);
  const parts = [
    `## ${title}: ${summary.failed ? ":x: failed" : ":white_check_mark: passed"} (fail on ${failOn})`,
    table(
      ["resources checked", "checks", "pass", "error", "warning", "info", "unknown", "suppressed"],
      [[summary.resources, summary.results, summary.pass, summary.failures.error, summary.failures.warning, summary.failures.info, summary.unknown, summary.suppressed].map(String)],
    ),
  ];
  const failing = resultsWith(evaluation, "fail");
  if (failing.length > 0) {
    parts.push("### Findings", table(["", "rule", "resource", "location", "problem"], failing.map((r) => [ICON[r.severity], r.ruleId, `\`${r.address}\``, location(r), r.message])));
  }
  const unknowns = resultsWith(evaluation, "unknown");
  if (unknowns.length > 0) {
    parts.push(`<details><summary>Unknown until apply (${unknowns.length}): review by hand</summary>\n`, table(["rule", "resource", "why"], unknowns.map((r) => [r.ruleId, `\`${r.address}\``, r.message])), "\n</details>");
  }
  const suppressed = resultsWith(evaluation, "suppressed");
  if (suppressed.length > 0) {
    parts.push(`<details><summary>Suppressed (${suppressed.length})</summary>\n`, table(["rule", "resource", "reason", "expires"], suppressed.map((r) => [r.ruleId, `\`${r.address}\``, r.suppression?.reason ?? "", r.suppression?.expires ?? "-"])), "\n</details>");
  }
  return `${parts.join("\n\n")}\n`;
}
