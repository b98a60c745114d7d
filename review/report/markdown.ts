import type { PolicyFinding, Review, ResourceChange } from "../model";
import { showValue } from "../values";
import { countsLine, groupByStack, MARKERS, replacementText, securityByType } from "./common";

/** Hidden line CI looks for to update its own comment instead of adding a new one. */
export const REVIEW_MARKER = "<!-- fhi-review -->";

/** GitHub rejects comments over 65,536 characters; the attribute details give way first. */
const COMMENT_LIMIT = 60_000;
const TABLE_ROWS = 150;

const ICONS = { create: "🟢 add", update: "🟡 change", replace: "🟠 replace", destroy: "🔴 destroy", move: "🔵 move" } as const;
const KIND_ICONS = { broadening: "⚠️ broadening", narrowing: "✅ narrowing", notable: "ℹ️ notable" } as const;

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function headline(review: Review): string {
  const broadening = review.summary.broadening;
  const verdict = broadening > 0 ? ` — ⚠️ **${broadening} broadening change(s) need security approval**` : " — no broadening changes found";
  return `**fhi review: ${countsLine(review)}**${verdict}`;
}

function changeTable(review: Review): string[] {
  const rows = review.changes.slice(0, TABLE_ROWS).map((change) => {
    const note = [
      ...(change.action === "replace" ? [replacementText(change)] : []),
      ...(change.previousAddress ? [`was ${code(change.previousAddress)}`] : []),
      ...(change.statefulLoss ? [`**stateful**: loses ${change.statefulLoss}`] : []),
    ].join("; ");
    return `| ${ICONS[change.action]} | ${cell(change.stack)} | ${code(change.address)} | ${cell(note)} |`;
  });
  const more = review.changes.length > TABLE_ROWS ? [`| | | … and ${review.changes.length - TABLE_ROWS} more (see the JSON report) | |`] : [];
  return ["| Action | Stack | Resource | Note |", "|---|---|---|---|", ...rows, ...more];
}

function securitySection(review: Review): string[] {
  const groups = securityByType(review);
  if (groups.size === 0) return ["### Security-relevant changes", "", "None found by the scrutiny rules."];
  const lines = ["### Security-relevant changes"];
  for (const [type, rows] of groups) {
    lines.push("", `#### ${code(type)}`, "", "| Kind | Stack | Resource | Change |", "|---|---|---|---|");
    for (const { change, note } of rows) lines.push(`| ${KIND_ICONS[note.kind]} | ${cell(change.stack)} | ${code(change.address.slice(type.length + 1))} | ${cell(note.reason)} |`);
  }
  return lines;
}

function attributeBlock(change: ResourceChange): string[] {
  const lines = [`${MARKERS[change.action]} ${change.address}${change.action === "replace" ? `  ${replacementText(change)}` : ""}`];
  if (change.action === "update" || change.action === "replace") {
    for (const attribute of change.attributes) {
      lines.push(`    ${attribute.forcesReplacement ? "!" : "~"} ${attribute.path}: ${showValue(attribute.before)} -> ${showValue(attribute.after)}`);
    }
  }
  return lines;
}

function detailsSection(review: Review): string[] {
  const changed = review.changes.filter((change) => change.action !== "create" || change.security.length > 0);
  if (changed.length === 0) return [];
  const lines = [`<details><summary>Attribute changes by stack (${changed.length} resources; creations listed without attributes)</summary>`, ""];
  for (const [stack, changes] of groupByStack(review.changes)) {
    lines.push(`**${stack}**`, "", "```", ...changes.flatMap(attributeBlock), "```", "");
  }
  lines.push("</details>");
  return lines;
}

function findingRows(findings: readonly PolicyFinding[]): string[] {
  return findings.map((finding) => `| ${code(finding.ruleId)} | ${finding.severity} | ${cell(finding.stack ?? "")} | ${code(finding.address)} | ${cell(finding.message)} |`);
}

function policySection(review: Review): string[] {
  const { introduced, resolved, skipped } = review.policy;
  if (skipped) return [`Policy findings: not computed (${skipped}).`];
  const title = `Policy findings: ${introduced.length} introduced, ${resolved.length} resolved`;
  if (introduced.length + resolved.length === 0) return [`${title}.`];
  const table = ["| Rule | Severity | Stack | Resource | Message |", "|---|---|---|---|---|"];
  return [
    `<details${introduced.length > 0 ? " open" : ""}><summary>${title}</summary>`,
    "",
    ...(introduced.length > 0 ? ["**Introduced**", "", ...table, ...findingRows(introduced), ""] : []),
    ...(resolved.length > 0 ? ["**Resolved**", "", ...table, ...findingRows(resolved), ""] : []),
    "</details>",
  ];
}

/** A pull-request comment in the habits of Atlantis and infracost, with a hidden marker line for updates. */
export function renderMarkdown(review: Review): string {
  const head = [REVIEW_MARKER, headline(review), "", `_${cell(review.title)}_`, ""];
  const body = [...(review.changes.length > 0 ? changeTable(review) : ["No changes."]), "", ...securitySection(review), ""];
  const tail = [...policySection(review), "", `> **Note:** ${review.note}`, ""];
  const details = detailsSection(review);
  let text = [...head, ...body, ...details, "", ...tail].join("\n");
  if (text.length > COMMENT_LIMIT) {
    text = [...head, ...body, "_Attribute details left out: the comment would exceed GitHub's size limit. Run `npx fhi review` locally or read the JSON report._", "", ...tail].join("\n");
  }
  return text;
}
