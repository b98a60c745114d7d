import type { PolicyFinding, Review } from "../model";
import { showValue } from "../values";
import { countsLine, groupByStack, MARKERS, replacementText, securityByType, securityLine } from "./common";

function findingLine(finding: PolicyFinding): string {
  return `${finding.ruleId} (${finding.severity}) ${finding.stack ? `${finding.stack} ` : ""}${finding.address}: ${finding.message}`;
}

/** The terminal report, in the habits of `cdk diff`: markers per resource, attribute lines, then the security tables. */
export function renderText(review: Review): string {
  const lines: string[] = [`fhi review: ${review.title}`, countsLine(review), securityLine(review), ""];
  for (const [stack, changes] of groupByStack(review.changes)) {
    lines.push(`Stack ${stack}`);
    for (const change of changes) {
      const extra = [
        ...(change.action === "replace" ? [replacementText(change)] : []),
        ...(change.previousAddress ? [`was ${change.previousAddress}`] : []),
      ];
      lines.push(`${MARKERS[change.action]} ${change.address}${extra.length > 0 ? `  ${extra.join("; ")}` : ""}`);
      if (change.action === "update" || change.action === "replace") {
        for (const attribute of change.attributes) {
          lines.push(`    ~ ${attribute.path}: ${showValue(attribute.before)} -> ${showValue(attribute.after)}${attribute.forcesReplacement ? "  (forces replacement)" : ""}`);
        }
      }
      if (change.statefulLoss) lines.push(`    ! STATEFUL: ${change.action === "destroy" ? "destroying" : "replacing"} it loses ${change.statefulLoss}`);
    }
    lines.push("");
  }
  if (review.changes.length === 0) lines.push("No changes.", "");
  const groups = securityByType(review);
  lines.push("Security-relevant changes");
  if (groups.size === 0) lines.push("  none found by the scrutiny rules");
  for (const [type, rows] of groups) {
    lines.push(`  ${type}`);
    const width = Math.max(...rows.map(({ note }) => note.kind.length)) + 2;
    for (const { change, note } of rows) lines.push(`    ${`[${note.kind}]`.padEnd(width)} ${change.stack} ${change.address.slice(type.length + 1)}: ${note.reason}`);
  }
  lines.push("", "Policy findings");
  if (review.policy.skipped) lines.push(`  not computed: ${review.policy.skipped}`);
  else {
    lines.push(`  introduced: ${review.policy.introduced.length}`, ...review.policy.introduced.map((finding) => `    + ${findingLine(finding)}`));
    lines.push(`  resolved: ${review.policy.resolved.length}`, ...review.policy.resolved.map((finding) => `    - ${findingLine(finding)}`));
  }
  lines.push("", `NOTE: ${review.note}`);
  return `${lines.join("\n")}\n`;
}
