import * as path from "node:path";
import type { Evaluation, PolicyResult } from "../engine/evaluate";
import type { RuleInfo, Severity } from "../engine/rule";
import { cell } from "./markdown";

/** SARIF has no "info" level; "note" is its equivalent. */
function levelOf(severity: Severity): "error" | "warning" | "note" {
  return severity === "info" ? "note" : severity;
}

/** GitHub code scanning ranks security alerts by this property (CVSS-like, 0-10). */
const SECURITY_SEVERITY: Record<Severity, string> = { error: "8.0", warning: "5.0", info: "2.0" };

function ruleHelp(rule: RuleInfo): { text: string; markdown: string } {
  const references = [
    ["Checkov", rule.references.checkov],
    ["Trivy", rule.references.trivy],
    ["Azure Policy", rule.references.azurePolicy],
    ["HIPAA", rule.references.hipaa],
    // Preflight rules cite where Azure or the provider documents the behaviour instead.
    ["Sources", rule.sources ?? []],
  ].filter(([, ids]) => ids.length > 0) as [string, readonly string[]][];
  const text = `${rule.rationale}\n\nRemediation: ${rule.remediation}\n\n${references.map(([name, ids]) => `${name}: ${ids.join(", ")}`).join("\n")}`;
  const markdown = `${rule.rationale}\n\n**Remediation:** ${rule.remediation}\n\n${references.map(([name, ids]) => `- ${name}: ${ids.map(cell).join(", ")}`).join("\n")}`;
  return { text, markdown };
}

function uri(file: string, baseDirectory: string): string {
  const relative = path.relative(baseDirectory, path.resolve(file));
  return (relative.startsWith("..") ? path.resolve(file) : relative).split(path.sep).join("/");
}

/**
 * SARIF 2.1.0 for GitHub code scanning: one reporting descriptor per rule (with help text and
 * references), and a result for every failing, unknown (kind "review") or suppressed check.
 */
export function sarifReport(evaluation: Evaluation, options: { readonly version: string; readonly baseDirectory: string }): object {
  const index = new Map(evaluation.rules.map((rule, position) => [rule.id, position]));
  const reported = evaluation.results.filter((result) => result.status !== "pass");
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "fhi-policy",
            version: options.version,
            rules: evaluation.rules.map((rule) => ({
              id: rule.id,
              name: rule.id.replace(/-/g, ""),
              shortDescription: { text: rule.title },
              fullDescription: { text: rule.rationale },
              help: ruleHelp(rule),
              defaultConfiguration: { level: levelOf(rule.severity) },
              properties: {
                tags: ["security", ...rule.references.hipaa.map((section) => `HIPAA-${section}`)],
                "security-severity": SECURITY_SEVERITY[rule.severity],
                ...(rule.critical ? { critical: true } : {}),
              },
            })),
          },
        },
        results: reported.map((result) => sarifResult(result, index.get(result.ruleId) ?? -1, options.baseDirectory)),
      },
    ],
  };
}

/** SARIF levels: a failure (suppressed or not) at its rule's severity; an unknown is for review, level "none". */
function sarifResult(result: PolicyResult, ruleIndex: number, baseDirectory: string): object {
  const review = result.status === "unknown";
  return {
    ruleId: result.ruleId,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    kind: review ? "review" : "fail",
    level: review ? "none" : levelOf(result.severity),
    message: { text: `${result.address}: ${result.message}` },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri: uri(result.file, baseDirectory) }, region: { startLine: result.line ?? 1 } },
        logicalLocations: [{ fullyQualifiedName: result.address, kind: "resource" }],
      },
    ],
    partialFingerprints: { "fhiResource/v1": `${result.ruleId}:${result.stack ?? ""}:${result.address}` },
    ...(result.suppression
      ? { suppressions: [{ kind: result.suppression.origin === "code" ? "inSource" : "external", justification: result.suppression.reason, status: "accepted" }] }
      : {}),
  };
}
