/**
 * The parts of docs/deploy.md generated from code: each environment's deploy plan and the egress its firewall must
 * allow. A test regenerates them and fails when the page is stale.
 */
import type { DeployPlan } from "./plan";
import type { EgressGroup } from "./egress";

const runnerText = (runsOn: DeployPlan["runsOn"]) => (Array.isArray(runsOn) ? `self-hosted runners labelled \`${runsOn[1]}\`` : `GitHub-hosted runners of group \`${(runsOn as { group: string }).group}\``);

export function deployPlanSection(plans: readonly DeployPlan[]): string {
  return plans
    .map((plan) => {
      const rows = plan.waves.flatMap((wave, index) =>
        wave.map((stack) => {
          const step = plan.steps.find((candidate) => candidate.stack === stack)!;
          return `| ${index + 1} | \`${stack}\` | ${step.timeoutMinutes} min | ${step.creationPhaseTargets.map((target) => `\`${target}\``).join(", ") || "-"} |`;
        }),
      );
      return [
        `#### ${plan.environment}`,
        "",
        `Applied by an operator first: ${plan.manual.map((stack) => `\`${stack}\``).join(", ")}. Then the pipeline, on ${runnerText(plan.runsOn)}, within ${plan.jobTimeoutMinutes} minutes:`,
        "",
        "| wave | stack | budget | created first, alone |",
        "|---|---|---|---|",
        ...rows,
      ].join("\n");
    })
    .join("\n\n");
}

export function egressSection(byEnvironment: Readonly<Record<string, readonly EgressGroup[]>>): string {
  const parts = Object.entries(byEnvironment).flatMap(([environment, groups]) =>
    groups.map((group) =>
      [
        `#### ${group.consumer}`,
        "",
        `From ${group.from}. Source: ${group.source}`,
        "",
        "| FQDN | port | what needs it |",
        "|---|---|---|",
        ...group.rules.map((rule) => `| \`${rule.fqdn}\` | ${rule.port} | ${rule.use} |`),
      ].join("\n"),
    ).map((text) => ({ environment, text })),
  );
  if (parts.length === 0) return "No environment sends its egress through a firewall we do not own.";
  return parts.map((part) => part.text).join("\n\n");
}

/** Replaces the text between `<!-- <name>:start ... -->` and `<!-- <name>:end -->`. */
export function withSection(page: string, name: string, content: string): string {
  const section = new RegExp(`(<!-- ${name}:start[^>]*-->)[\\s\\S]*?(<!-- ${name}:end -->)`);
  if (!section.test(page)) throw new Error(`docs/deploy.md has no ${name} markers. Fix: add <!-- ${name}:start --> and <!-- ${name}:end -->`);
  return page.replace(section, (_match, open: string, close: string) => `${open}\n${content}\n${close}`);
}
