import { Option, type Command } from "commander";
import { audited } from "../../ops/audit";
import { poolResourceId } from "../../ops/gpu/arm";
import { auditState, describeLiveState, nodeCount, type LiveState } from "../../ops/gpu/live";
import { listGpuPools, resolvePool, type GpuPool } from "../../ops/gpu/pools";
import { applyScale, checkScaleOffline, planScale, type ScalePlan, type ScaleRequest } from "../../ops/gpu/scale";
import { gpuStatus, type PoolStatus } from "../../ops/gpu/status";
import type { CommandContext } from "../cli/context";
import { EXIT } from "../cli/errors";
import { auditFileFor, clientsFor, CLOUD_CONFIG_HELP, confirm, environmentFor, requireSomeoneToConfirm, runOpsCommand } from "../cli/ops";
import { duration, reason, REASON_LENGTH, wholeNumber } from "../cli/options";
import { formatTable } from "../cli/table";

const DEFAULT_TIMEOUT_MS = 30 * 60_000;
/** `gpu status` when a pool's live state could not be read: there is no comparison to pass or fail. */
const EXIT_UNREADABLE = EXIT.usage;

interface StatusOptions {
  env: string;
  cloudConfig?: string;
  region?: string;
  format: "table" | "json";
}

interface ScaleOptions extends ScaleRequest {
  env: string;
  cloudConfig?: string;
  pool: string;
  region?: string;
  reason: string;
  dryRun?: boolean;
  yes?: boolean;
  timeout?: number;
  auditLog?: string;
}

const KIND_LABEL: Record<GpuPool["kind"], string> = { "aks-node-pool": "AKS node pool", "aml-deployment": "AML managed", "aks-deployment": "AKS deployment" };
const range = (min: number | undefined, max: number | undefined) => (min === undefined ? "-" : `${min}..${max}`);

function stateCell(live: LiveState | undefined, error: string | undefined): string {
  if (error) return "ERROR";
  if (!live) return "-";
  return live.cluster ? `${live.provisioningState}, ${live.cluster.complianceState}` : live.provisioningState;
}

/** A cluster-served deployment's replicas are not ARM resources: its count cell is its node pool's node count. */
function countCell(live: LiveState | undefined): string {
  if (live?.cluster) return nodeCount(live.cluster.nodePool.count);
  return live?.count === undefined ? "-" : String(live.count);
}

function trafficCell(pool: GpuPool, live: LiveState | undefined): string {
  if (pool.kind === "aml-deployment") return `${live?.trafficPercent ?? "-"}% (config ${pool.trafficPercent}%)`;
  // The router's weights are in the manifests Flux applies, which ARM does not show.
  if (pool.kind === "aks-deployment") return `(config ${pool.trafficPercent}%)`;
  return "";
}

function statusTable(statuses: readonly PoolStatus[]): string {
  const rows = statuses.map(({ pool, live, error, drift }) => [
    pool.id,
    KIND_LABEL[pool.kind],
    pool.vmSize,
    stateCell(live, error),
    countCell(live),
    live ? `${range(live.min, live.max)} (${live.scaler})` : "-",
    `${range(pool.config.min, pool.config.max)}${pool.config.count === undefined ? "" : ` default ${pool.config.count}`}`,
    range(pool.onCall.minCount, pool.onCall.maxCount),
    trafficCell(pool, live),
    drift.length > 0 ? `DRIFT: ${drift.join("; ")}` : "",
  ]);
  return formatTable(["pool", "kind", "vm size", "state", "count", "live min..max", "config", "on-call", "traffic", "drift"], rows);
}

const CLUSTER_SERVING_NOTE =
  "AKS deployment: ARM does not show the replica count. count is the node count of the deployment's GPU pool (one replica per node, so at most that many replicas); state is the Flux configuration's provisioning and compliance state; KEDA scales the replicas within live min..max.\n";

function quotaSection(statuses: readonly PoolStatus[]): string {
  const rows = statuses.flatMap(({ pool, headroom, vcpusToOnCallMax }) =>
    headroom
      ? [[pool.id, headroom.family, `${headroom.usedVcpus}/${headroom.limitVcpus}`, headroom.headroomVcpus, vcpusToOnCallMax ?? 0, headroom.reachableCount]]
      : [],
  );
  if (rows.length === 0) return "Quota headroom: nothing to show (no pool with VMs of its own could be read)\n";
  return `Quota headroom\n${formatTable(["pool", "quota family", "vCPUs used/limit", "headroom", "to on-call max", "max reachable"], rows)}\n`;
}

function describeChange(plan: ScalePlan): string {
  const lines = [`Scale ${plan.pool.id} (${KIND_LABEL[plan.pool.kind]}, ${plan.pool.vmSize})`];
  for (const key of ["min", "max", "count"] as const) {
    if (plan.before[key] !== plan.after[key]) lines.push(`  ${key}: ${plan.before[key] ?? "-"} -> ${plan.after[key]}`);
  }
  const nodes = plan.live.cluster?.nodePool;
  if (nodes) lines.push(`  GPU pool ${nodes.id}: ${nodeCount(nodes.count)} now, ${nodes.max === undefined ? "autoscaling off" : `max ${nodes.max}`} (one replica per node)`);
  if (plan.headroom) {
    const h = plan.headroom;
    lines.push(`  quota: ${h.family} in ${h.region}: ${h.usedVcpus} of ${h.limitVcpus} vCPUs used, headroom ${h.headroomVcpus} (enough for ${h.reachableCount} instances)`);
  }
  if (plan.call) {
    lines.push(`API call: ${plan.call.method} ${plan.call.url}`);
    for (const change of plan.call.changes) lines.push(`  ${change.field}: ${JSON.stringify(change.from)} -> ${JSON.stringify(change.to)}`);
  }
  for (const note of plan.notes) lines.push(`note: ${note}`);
  return `${lines.join("\n")}\n`;
}

function permanentEdits(plan: ScalePlan): string {
  if (plan.configEdits.length === 0) return "The environment file already says this; nothing to make permanent.\n";
  return `To make this permanent (otherwise the next deploy sets it back), edit:\n${plan.configEdits.map((edit) => `  ${edit}`).join("\n")}\n`;
}

async function status(context: CommandContext, options: StatusOptions): Promise<void> {
  const environment = environmentFor(context, options);
  const clients = clientsFor(context, environment);
  const statuses = await gpuStatus(clients, listGpuPools(environment, options.region));
  if (options.format === "json") {
    context.stdout(`${JSON.stringify(statuses, null, 2)}\n`);
  } else {
    const clusterNote = statuses.some(({ pool }) => pool.kind === "aks-deployment") ? CLUSTER_SERVING_NOTE : "";
    context.stdout(`GPU pools of ${environment.name}\n${statusTable(statuses)}\n${clusterNote}\n${quotaSection(statuses)}`);
    // The same failure for many pools (no credential, no role on the group) is said once.
    const failures = new Map<string, string[]>();
    for (const { pool, error } of statuses) if (error) failures.set(error, [...(failures.get(error) ?? []), pool.id]);
    for (const [error, pools] of failures) context.stdout(`\n${pools.join(", ")}: ${error}\n`);
    for (const { pool, problems } of statuses) for (const problem of problems) context.stdout(`\n${pool.id}: ${problem}\n`);
  }
  // Drift and pools that cannot reach their bounds are findings (exit 1); a pool that could not be read leaves the
  // comparison undone (exit 2), whatever else was found.
  if (statuses.some((s) => s.error)) context.exitCode = EXIT_UNREADABLE;
  else if (statuses.some((s) => s.drift.length > 0 || s.problems.length > 0)) context.exitCode = EXIT.failed;
}

async function scale(context: CommandContext, options: ScaleOptions): Promise<void> {
  const environment = environmentFor(context, options);
  const request: ScaleRequest = { min: options.min, max: options.max, count: options.count };
  if (options.dryRun) {
    const pool = resolvePool(environment, options.pool, options.region);
    checkScaleOffline(environment, pool, request);
    const plan = await planScale(clientsFor(context, environment), pool, request);
    context.stdout(`${describeChange(plan)}dry run: nothing was sent.${plan.call ? "" : " The pool is already as requested."}\n`);
    return;
  }
  const clients = clientsFor(context, environment);
  const change = {
    command: "gpu scale",
    environment: environment.name,
    reason: options.reason,
    auditFile: auditFileFor(context, options.auditLog),
    clients,
    onInterrupt: context.stderr,
  };
  await audited(change, `--pool ${options.pool}`, async (scope) => {
    // Everything that can be refused offline is, before Azure is asked for a token or anything else.
    const pool = resolvePool(environment, options.pool, options.region);
    scope.target = `${pool.id} ${poolResourceId(environment.subscriptionId, pool)}`;
    checkScaleOffline(environment, pool, request);
    requireSomeoneToConfirm(context, options.yes ?? false);
    const plan = await planScale(clients, pool, request, (live) => {
      scope.before = auditState(live);
    });
    context.stdout(describeChange(plan));
    if (!plan.call) {
      scope.unchanged = true;
      context.stdout("The pool is already as requested; nothing was sent.\n");
      return;
    }
    await confirm(context, `Apply this change to ${environment.name}?`, options.yes ?? false, scope.signal);
    const live = await applyScale(clients, plan, {
      signal: scope.signal,
      timeoutMs: options.timeout ?? DEFAULT_TIMEOUT_MS,
      progress: (line) => context.stderr(`${line}\n`),
      onState: (state) => {
        scope.after = auditState(state);
      },
    });
    context.stdout(`Scaled ${pool.id}: ${describeLiveState(live)}\n${permanentEdits(plan)}`);
  });
}

export function registerGpu(program: Command, context: CommandContext): void {
  const gpu = program.command("gpu").description("GPU pools (AKS node pools, deployments served on the clusters, Azure ML managed deployments): live state, drift, scaling");
  gpu
    .command("status")
    .description("live count, bounds and state of every GPU pool beside its config, on-call bounds, drift and quota headroom (exit 1 on drift or a deployment its node pool cannot hold)")
    .requiredOption("-e, --env <name>", "environment")
    .option("--cloud-config <file>", CLOUD_CONFIG_HELP)
    .option("--region <region>", "only this region")
    .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
    .action((options: StatusOptions) => runOpsCommand(context, "gpu status", options.env, () => status(context, options)));
  gpu
    .command("scale")
    .description("change a GPU pool's autoscale bounds or instance count within the on-call bounds, quota and node capacity; audited")
    .requiredOption("-e, --env <name>", "environment")
    .option("--cloud-config <file>", CLOUD_CONFIG_HELP)
    .requiredOption("--pool <id>", "pool name, or region/name (or region/endpoint/deployment) when the name repeats")
    .requiredOption("--reason <text>", `why, ${REASON_LENGTH.min}-${REASON_LENGTH.max} characters (kept in the local audit log; no patient data)`, reason("--reason"))
    .option("--region <region>", "the pool's region")
    .option("--min <n>", "new minimum", wholeNumber("--min"))
    .option("--max <n>", "new maximum", wholeNumber("--max"))
    .option("--count <n>", "instances/nodes to run now (not for deployments served on a cluster: KEDA sets their count)", wholeNumber("--count"))
    .option("--dry-run", "print the change and the API call; send nothing")
    .option("-y, --yes", "do not ask for confirmation (required when stdin is not a terminal)")
    .option("--timeout <duration>", "give up waiting for Azure after this long: 90s, 30m, 1h (default 30m)", duration("--timeout"))
    .option("--audit-log <file>", "audit log (JSON lines); default $FHI_AUDIT_LOG or .fhi/audit.jsonl")
    .action((options: ScaleOptions) => runOpsCommand(context, "gpu scale", options.env, () => scale(context, options)));
}
