import { Option, type Command } from "commander";
import { audited } from "../../ops/audit";
import type { AzureClients } from "../../ops/clients";
import { describeStep } from "../../environments/schema/rollout";
import { GATE_UNITS, type GateReading } from "../../ops/rollout/gates";
import { splitResourceId, type LiveTraffic } from "../../ops/rollout/live";
import { applyRolloutChange, checkAdvanceOffline, describeSplit, planAdvance, planRollback, round, type RolloutChange } from "../../ops/rollout/change";
import { describeProgress, rolloutHolds, rolloutStatus, type RolloutStatus } from "../../ops/rollout/status";
import { releaseIdOf, resolveRolloutTarget, type RolloutTarget } from "../../ops/rollout/target";
import type { CommandContext } from "../cli/context";
import { EXIT } from "../cli/errors";
import { auditFileFor, clientsFor, CLOUD_CONFIG_HELP, confirm, environmentFor, requireSomeoneToConfirm, runOpsCommand } from "../cli/ops";
import { duration, reason, REASON_LENGTH } from "../cli/options";
import { formatTable } from "../cli/table";

const DEFAULT_TIMEOUT_MS = 30 * 60_000;

interface TargetOptions {
  env: string;
  cloudConfig?: string;
  endpoint: string;
  region?: string;
}

interface StatusOptions extends TargetOptions {
  format: "table" | "json";
}

interface ChangeOptions extends TargetOptions {
  reason?: string;
  dryRun?: boolean;
  yes?: boolean;
  timeout?: number;
  auditLog?: string;
}

interface AdvanceOptions extends ChangeOptions {
  override?: boolean;
}

const clock = (context: CommandContext) => (context.now ?? (() => new Date()))();
const share = (value: number | undefined) => (value === undefined ? "unset" : `${value} %`);

function splitTable(target: RolloutTarget, live: LiveTraffic, expected: RolloutStatus["expected"]): string {
  const rows = target.endpoint.deployments.map((deployment) => {
    const role = [deployment.name === target.plan.current && "current", deployment.name === target.plan.next && "next", deployment.name === target.plan.rollbackTo && "rollback target"].filter(Boolean).join(", ");
    return [deployment.name, role, releaseIdOf(target, deployment.name), share(live.traffic[deployment.name]), share(live.mirror[deployment.name]), share(expected.traffic[deployment.name]), share(expected.mirror[deployment.name])];
  });
  return formatTable(["deployment", "role", "release", "live traffic", "live mirrored", "config traffic", "config mirrored"], rows);
}

function gateValue(gate: GateReading): string {
  return gate.value === undefined ? "-" : `${round(gate.value)} ${GATE_UNITS[gate.gate]}`;
}

function gateTable(status: RolloutStatus): string {
  const rows = status.gates.map((gate) => [gate.gate, `${gate.threshold} ${GATE_UNITS[gate.gate]}`, gateValue(gate), gate.holds ? "yes" : "NO", gate.source]);
  const header = `Gates on ${status.target.plan.next} from ${status.window.from.toISOString()} to ${status.window.to.toISOString()}`;
  const problems = status.gates.filter((gate) => gate.problem).map((gate) => `${gate.gate}: ${gate.problem}\n`).join("");
  return `${header}\n${formatTable(["gate", "threshold", "live", "holds", "measured as"], rows)}\n${problems}`;
}

function statusReport(status: RolloutStatus): string {
  const { target, live } = status;
  const state = live.complianceState ? `${live.provisioningState}, Flux ${live.complianceState}` : live.provisioningState;
  const lines = [
    `Rollout of ${target.id} (${target.environment.name}): ${target.plan.current} -> ${target.plan.next}, ${target.kind === "managed" ? "Azure ML managed endpoint" : "served on the cluster"} (${state})`,
    describeProgress(status.step, target.plan.steps.length),
    splitTable(target, live, status.expected),
    `live split: ${status.liveAs}`,
    "",
    gateTable(status),
  ];
  return `${lines.join("\n")}`;
}

function verdict(status: RolloutStatus): string {
  const { target } = status;
  const findings = [
    ...status.differences.map((difference) => `live differs from the config's step ${target.plan.step}: ${difference}`),
    ...status.problems,
    ...status.gates.filter((gate) => !gate.holds).map((gate) => `gate ${gate.gate} does not hold`),
  ];
  if (findings.length > 0) return `\n${findings.map((finding) => `${finding}\n`).join("")}`;
  const last = target.plan.step >= target.plan.steps.length - 1;
  const next = last ? "the plan is complete: a pull request removes it and the old deployment" : `advance moves it to step ${target.plan.step + 1} (${describeStep(target.plan.steps[target.plan.step + 1])})${status.step.baked ? "" : " once the bake is over"}`;
  return `\nEvery gate holds and live is the config's step ${target.plan.step}: ${next}\n`;
}

async function status(context: CommandContext, options: StatusOptions): Promise<void> {
  const environment = environmentFor(context, options);
  const target = resolveRolloutTarget(environment, options.endpoint, options.region);
  const result = await rolloutStatus(clientsFor(context, environment), target, clock(context));
  if (options.format === "json") {
    const { target: _target, ...rest } = result;
    context.stdout(`${JSON.stringify({ endpoint: target.id, environment: environment.name, plan: target.plan, ...rest, holds: rolloutHolds(result) }, null, 2)}\n`);
  } else {
    context.stdout(`${statusReport(result)}${verdict(result)}`);
  }
  if (!rolloutHolds(result)) context.exitCode = EXIT.failed;
}

function describeChange(plan: RolloutChange): string {
  const { target } = plan;
  const lines: string[] = [];
  if (plan.action === "advance") {
    lines.push(`Advance ${target.id} (${target.environment.name}) from step ${plan.fromStep} (${describeStep(target.plan.steps[plan.fromStep])}) to step ${plan.toStep} (${describeStep(target.plan.steps[plan.toStep!])})`);
    if (plan.status) lines.push(describeProgress(plan.status.step, target.plan.steps.length), gateTable(plan.status).trimEnd());
  } else {
    lines.push(`Roll back ${target.id} (${target.environment.name}): every request to ${target.plan.rollbackTo}, no mirrored copy (no gate or bake is asked)`);
  }
  for (const overridden of plan.overridden) lines.push(`OVERRIDE: advancing although ${overridden}`);
  for (const deployment of target.endpoint.deployments) {
    for (const [kind, label] of [["traffic", "traffic"], ["mirror", "mirrored"]] as const) {
      const from = plan.live[kind][deployment.name];
      const to = plan.after[kind][deployment.name];
      if (from !== to) lines.push(`  ${deployment.name} ${label}: ${share(from)} -> ${share(to)}`);
    }
  }
  if (plan.call) {
    lines.push(`API call: ${plan.call.method} ${plan.call.url}`);
    for (const change of plan.call.changes) lines.push(`  ${change.field}: ${JSON.stringify(change.from)} -> ${JSON.stringify(change.to)}`);
  }
  for (const note of plan.notes) lines.push(`note: ${note}`);
  return `${lines.join("\n")}\n`;
}

function permanentEdits(plan: RolloutChange): string {
  return `To make this permanent (otherwise the next deploy sets it back), edit:\n${plan.configEdits.map((edit) => `  ${edit}`).join("\n")}\n`;
}

/** What the audit record keeps of a split. */
function auditSplit(live: LiveTraffic, step?: number): Record<string, unknown> {
  return { step, traffic: live.traffic, mirror: live.mirror, provisioningState: live.provisioningState, complianceState: live.complianceState };
}

type Planner = (clients: AzureClients, target: RolloutTarget, onLive: (live: LiveTraffic) => void) => Promise<RolloutChange>;

interface ChangeCommand {
  readonly command: string;
  readonly reason: string;
  /** Refusals that need no Azure. */
  readonly checkOffline: (target: RolloutTarget) => void;
  readonly plan: Planner;
  readonly done: (plan: RolloutChange, live: LiveTraffic) => string;
}

async function runChange(context: CommandContext, options: ChangeOptions, spec: ChangeCommand): Promise<void> {
  const environment = environmentFor(context, options);
  const clients = clientsFor(context, environment);
  if (options.dryRun) {
    const target = resolveRolloutTarget(environment, options.endpoint, options.region);
    spec.checkOffline(target);
    const plan = await spec.plan(clients, target, () => undefined);
    context.stdout(`${describeChange(plan)}dry run: nothing was sent.${plan.call ? "" : " The split is already as asked."}\n`);
    return;
  }
  const change = { command: spec.command, environment: environment.name, reason: spec.reason, auditFile: auditFileFor(context, options.auditLog), clients, onInterrupt: context.stderr };
  await audited(change, `--endpoint ${options.endpoint}`, async (scope) => {
    // Everything that can be refused offline is, before Azure is asked for a token or anything else.
    const target = resolveRolloutTarget(environment, options.endpoint, options.region);
    scope.target = `${target.id} ${splitResourceId(clients, target)}`;
    spec.checkOffline(target);
    requireSomeoneToConfirm(context, options.yes ?? false);
    const plan = await spec.plan(clients, target, (live) => {
      scope.before = auditSplit(live, target.plan.step);
    });
    context.stdout(describeChange(plan));
    if (!plan.call) {
      scope.unchanged = true;
      context.stdout("The split is already as asked; nothing was sent.\n");
      return;
    }
    await confirm(context, `Apply this change to ${environment.name}?`, options.yes ?? false, scope.signal);
    const afterStep = plan.toStep;
    const live = await applyRolloutChange(clients, plan, {
      signal: scope.signal,
      timeoutMs: options.timeout ?? DEFAULT_TIMEOUT_MS,
      progress: (line) => context.stderr(`${line}\n`),
      onState: (state) => {
        scope.after = { ...auditSplit(state, afterStep), ...(plan.overridden.length > 0 ? { overridden: plan.overridden } : {}) };
      },
    });
    context.stdout(`${spec.done(plan, live)}\n${permanentEdits(plan)}`);
  });
}

function advance(context: CommandContext, options: AdvanceOptions): Promise<void> {
  const override = options.override ?? false;
  return runChange(context, options, {
    command: override ? "rollout advance --override" : "rollout advance",
    reason: options.reason ?? "(none given: advanced because every gate held over the bake)",
    checkOffline: (target) => checkAdvanceOffline(target, { override, reason: options.reason }),
    plan: (clients, target, onLive) => planAdvance(clients, target, clock(context), { override }, onLive),
    done: (plan, live) => `${plan.overridden.length > 0 ? "OVERRIDDEN: " : ""}Advanced ${plan.target.id} to step ${plan.toStep}: ${describeSplit(live, live)}`,
  });
}

function rollback(context: CommandContext, options: ChangeOptions): Promise<void> {
  return runChange(context, options, {
    command: "rollout rollback",
    reason: options.reason!,
    checkOffline: () => undefined,
    plan: (clients, target, onLive) => planRollback(clients, target, onLive),
    done: (plan, live) => `Rolled back ${plan.target.id} to ${plan.target.plan.rollbackTo}: ${describeSplit(live, live)}`,
  });
}

const ENDPOINT_HELP = "the endpoint's name, or region/name where it repeats across regions";

function targetOptions(command: Command): Command {
  return command
    .requiredOption("-e, --env <name>", "environment")
    .option("--cloud-config <file>", CLOUD_CONFIG_HELP)
    .requiredOption("--endpoint <name>", ENDPOINT_HELP)
    .option("--region <region>", "the endpoint's region");
}

function changeOptions(command: Command): Command {
  return command
    .option("--dry-run", "print the change and the API call; send nothing")
    .option("-y, --yes", "do not ask for confirmation (required when stdin is not a terminal)")
    .option("--timeout <duration>", "give up waiting for Azure after this long: 90s, 30m, 1h (default 30m)", duration("--timeout"))
    .option("--audit-log <file>", "audit log (JSON lines); default $FHI_AUDIT_LOG or .fhi/audit.jsonl");
}

const REASON_HELP = `why, ${REASON_LENGTH.min}-${REASON_LENGTH.max} characters (kept in the local audit log; no patient data)`;

export function registerRollout(program: Command, context: CommandContext): void {
  const rollout = program.command("rollout").description("progressive rollouts of a new release on an endpoint (shadow, canary, full): live split, gates, one step at a time, rollback");
  targetOptions(rollout.command("status"))
    .description("each deployment's live traffic and mirrored share beside the config's step, the bake, and every gate on the next deployment over the bake window (exit 1 when a gate does not hold or live differs from the config)")
    .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
    .action((options: StatusOptions) => runOpsCommand(context, "rollout status", options.env, () => status(context, options)));
  changeOptions(targetOptions(rollout.command("advance")))
    .description("move the endpoint one step forward, only when every gate held over the step's bake (or with --override --reason); audited; prints the config edit")
    .option("--reason <text>", `${REASON_HELP}; required with --override`, reason("--reason"))
    .option("--override", "advance although a gate does not hold or the bake is not over (needs --reason; audited and flagged)")
    .action((options: AdvanceOptions) => runOpsCommand(context, "rollout advance", options.env, () => advance(context, options)));
  changeOptions(targetOptions(rollout.command("rollback")))
    .description("send every request to the plan's rollbackTo at once and stop mirroring, whatever the gates say; audited; prints the config edit")
    .requiredOption("--reason <text>", REASON_HELP, reason("--reason"))
    .action((options: ChangeOptions) => runOpsCommand(context, "rollout rollback", options.env, () => rollback(context, options)));
}
