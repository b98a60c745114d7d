/**
 * `fhi gpu scale`: plan (read live state, check on-call bounds, quota and node capacity), then apply through the
 * SDK's long-running operation. Every refusal happens in planning, before any write is sent.
 */
import type { AgentPool } from "@azure/arm-containerservice";
import type { Environment } from "../../environments/schema/config";
import { environmentFile } from "../environment";
import type { AzureClients } from "../clients";
import { explainAzureError } from "../azure-errors";
import { OpsError, refused } from "../errors";
import { API_VERSIONS, autoscaleSettingId, poolResourceId } from "./arm";
import {
  describeLiveState,
  findAutoscaleSetting,
  forgetReads,
  nodeCapacity,
  nodeCount,
  readLiveState,
  type LiveState,
} from "./live";
import { headroomFor, vcpusToGrow, type Headroom } from "./quota";
import { updateServingVariables } from "./flux-variables";
import { armUrl, change, untilDone, writeOutcome, type PlannedCall } from "../operations";
import type { AksDeployment, AksNodePool, Bounds, GpuPool, MlDeployment } from "./pools";

export interface ScaleRequest {
  readonly min?: number;
  readonly max?: number;
  readonly count?: number;
}

export interface ScalePlan {
  readonly pool: GpuPool;
  readonly live: LiveState;
  readonly before: Bounds;
  readonly after: Bounds;
  /** Undefined when the pool is already as requested. */
  readonly call?: PlannedCall;
  readonly headroom?: Headroom;
  /** Edits to the environment file that make the change permanent. */
  readonly configEdits: readonly string[];
  readonly notes: readonly string[];
}

/** How often Flux reconciles when the live configuration does not say (FluxGitOps' default, constructs/gitops/flux.ts). */
const DEFAULT_FLUX_SYNC_SECONDS = 120;

/** Checks the shape of the request: bounds or a count, whole numbers, not both, and a count only where one can be set. */
function checkScaleRequest(environment: Environment, pool: GpuPool, request: ScaleRequest): void {
  const given = Object.entries(request).filter(([, value]) => value !== undefined);
  if (given.length === 0) throw refused("nothing to scale. Fix: pass --min N and/or --max N, or --count N");
  if (request.count !== undefined && (request.min !== undefined || request.max !== undefined)) {
    throw refused("--count cannot be combined with --min/--max. Fix: change the autoscale bounds and the count in two steps");
  }
  for (const [flag, value] of given) {
    if (!Number.isInteger(value) || (value as number) < 0) throw refused(`--${flag} ${String(value)}: must be a whole number of 0 or more`);
  }
  if (pool.kind === "aks-deployment" && request.count !== undefined) {
    throw refused(
      `--count: ${pool.id} is served on its cluster, where KEDA sets the replica count from the model server's queue between min and max; ARM has no count to set. Fix: to keep at least ${request.count} replicas running, raise the floor: fhi gpu scale --env ${environment.name} --pool ${pool.id} --min ${request.count} (raise --max too if it is lower)`,
    );
  }
}

function checkOnCallBounds(environment: Environment, pool: GpuPool, after: Bounds): void {
  const where = `${environmentFile(environment.name)} ${pool.configPath}.onCall`;
  const low = [after.min, after.count].filter((value): value is number => value !== undefined && value < pool.onCall.minCount);
  const high = [after.max, after.count].filter((value): value is number => value !== undefined && value > pool.onCall.maxCount);
  if (low.length > 0) {
    throw refused(
      `${low[0]} is below the on-call bound for ${environment.name} ${pool.id}: onCall.minCount is ${pool.onCall.minCount} (${where}). Going lower needs a reviewed change to the environment file`,
    );
  }
  if (high.length > 0) {
    throw refused(
      `${high[0]} is above the on-call bound for ${environment.name} ${pool.id}: onCall.maxCount is ${pool.onCall.maxCount} (${where}). Going higher needs a reviewed change to the environment file`,
    );
  }
  if (after.min !== undefined && after.max !== undefined && after.min > after.max) {
    throw refused(`min ${after.min} is above max ${after.max} for ${pool.id}. Fix: pass both --min and --max`);
  }
}

function checkQuota(pool: GpuPool, live: LiveState, ceiling: number, headroom: Headroom | undefined): void {
  // Only a higher ceiling asks for more: lowering or keeping it never needs quota, even where quota is short today.
  if (!headroom || ceiling <= (live.max ?? live.count ?? 0)) return;
  const needed = vcpusToGrow(pool, live.count ?? 0, ceiling);
  if (needed > headroom.headroomVcpus) {
    throw refused(
      `not enough ${headroom.family} quota in ${headroom.region} for ${pool.id} to reach ${ceiling} instances: that needs ${ceiling - (live.count ?? 0)} more x ${headroom.vcpusPerInstance} vCPUs = ${needed} vCPUs, headroom is ${headroom.headroomVcpus} (${headroom.usedVcpus} of ${headroom.limitVcpus} used). Fix: choose at most ${headroom.reachableCount}, or request a quota increase for ${headroom.family}`,
    );
  }
}

/**
 * One replica takes a whole node, so a cluster-served deployment can only grow as far as its node pool can. Only a
 * bound that goes up is checked: lowering never needs nodes, even where the pool is short today. The quota for those
 * nodes is the pool's, checked when the pool is scaled.
 */
function checkNodeCapacity(environment: Environment, pool: AksDeployment, live: LiveState, after: Bounds): void {
  const capacity = nodeCapacity(live) ?? 0;
  const raised = (to: number | undefined, from: number | undefined) => (to !== undefined && to > (from ?? 0) ? to : 0);
  const needed = Math.max(raised(after.max, live.max), raised(after.min, live.min));
  if (needed <= capacity) return;
  const poolOnCall = pool.nodePool.onCall.maxCount;
  const fix =
    needed <= poolOnCall
      ? `raise the pool first: fhi gpu scale --env ${environment.name} --pool ${pool.nodePool.id} --max ${needed}, then run this again`
      : `the pool's on-call bound is ${poolOnCall} (${environmentFile(environment.name)} ${pool.nodePool.configPath}.onCall): choose at most ${Math.max(capacity, poolOnCall)} replicas, after raising the pool to as many nodes (fhi gpu scale --env ${environment.name} --pool ${pool.nodePool.id} --max ${poolOnCall}), or get a reviewed change to the environment file`;
  throw refused(
    `${needed} replicas of ${pool.id} do not fit GPU pool ${pool.nodePool.id}: each replica takes a whole node and the pool can run ${nodeCount(capacity)} (${live.cluster?.nodePool.autoscaled ? "live maxCount" : "autoscaling off: its live node count"}). Fix: ${fix}`,
  );
}

function targetBounds(pool: GpuPool, live: LiveState, request: ScaleRequest): Bounds {
  if (request.count !== undefined) {
    if (live.min !== undefined && live.max !== undefined && (request.count < live.min || request.count > live.max)) {
      throw refused(
        `--count ${request.count} is outside ${pool.id}'s live autoscale range ${live.min}..${live.max}; the ${live.scaler} would undo it. Fix: change --min/--max first`,
      );
    }
    return { min: live.min, max: live.max, count: request.count };
  }
  if (live.scaler === "fixed") {
    throw refused(`${pool.id} is not autoscaled (no autoscale setting targets it), so it has no min or max. Fix: use --count N`);
  }
  return { min: request.min ?? live.min ?? pool.config.min, max: request.max ?? live.max ?? pool.config.max, count: live.count };
}

function plannedCall(clients: AzureClients, pool: GpuPool, live: LiveState, after: Bounds): PlannedCall {
  const subscription = clients.environment.subscriptionId;
  if (pool.kind === "aks-node-pool") {
    return {
      method: "PUT",
      url: armUrl(clients, poolResourceId(subscription, pool), API_VERSIONS.containerService),
      changes: [
        ...change("properties.enableAutoScaling", live.scaler === "cluster-autoscaler", after.min !== undefined),
        ...change("properties.minCount", live.min, after.min),
        ...change("properties.maxCount", live.max, after.max),
        ...change("properties.count", live.count, after.count),
      ],
    };
  }
  if (pool.kind === "aks-deployment") {
    // Flux variables are strings; the call shows them as sent.
    const variable = (name: string) => `properties.kustomizations.${pool.flux.kustomization}.postBuild.substitute.${name}`;
    return {
      method: "PATCH",
      url: armUrl(clients, poolResourceId(subscription, pool), API_VERSIONS.kubernetesConfiguration),
      changes: [
        ...change(variable(pool.flux.variables.min), String(live.min), String(after.min)),
        ...change(variable(pool.flux.variables.max), String(live.max), String(after.max)),
      ],
    };
  }
  if (after.count !== live.count) {
    return { method: "PATCH", url: armUrl(clients, poolResourceId(subscription, pool), API_VERSIONS.machineLearning), changes: change("sku.capacity", live.count, after.count) };
  }
  const setting = live.autoscaleSetting;
  return {
    method: "PATCH",
    url: armUrl(clients, autoscaleSettingId(subscription, pool.resourceGroup, setting?.name ?? ""), API_VERSIONS.autoscale),
    changes: [
      ...change("properties.profiles[0].capacity.minimum", String(live.min), String(after.min)),
      ...change("properties.profiles[0].capacity.maximum", String(live.max), String(after.max)),
      ...change("properties.profiles[0].capacity.default", String(setting?.default), String(clampDefault(setting?.default ?? 0, after))),
    ],
  };
}

const clampDefault = (value: number, bounds: Bounds) => Math.min(Math.max(value, bounds.min ?? value), bounds.max ?? value);

function configEdits(environment: Environment, pool: GpuPool, after: Bounds): string[] {
  const file = environmentFile(environment.name);
  const edits: string[] = [];
  const edit = (path: string, configured: number | undefined, value: number | undefined) => {
    if (value !== undefined && configured !== value) edits.push(`${file}: ${path}: ${configured} -> ${value}`);
  };
  edit(`${pool.configPath}.${pool.fields.min}`, pool.config.min, after.min);
  edit(`${pool.configPath}.${pool.fields.max}`, pool.config.max, after.max);
  if (pool.fields.count) edit(`${pool.configPath}.${pool.fields.count}`, pool.config.count, after.count);
  if (pool.kind === "aks-deployment") {
    // The config's own checks: default within min..max, and the pool holding the deployment's max (one replica per node).
    edit(`${pool.configPath}.instanceCount.default`, pool.configDefault, clampDefault(pool.configDefault, after));
    if (after.max !== undefined && after.max > pool.nodePool.configMaxCount) edit(`${pool.nodePool.configPath}.maxCount`, pool.nodePool.configMaxCount, after.max);
  }
  return edits;
}

function notesFor(environment: Environment, pool: GpuPool, live: LiveState, request: ScaleRequest): string[] {
  if (pool.kind === "aks-node-pool" && request.count !== undefined) {
    return ["the node count of an autoscaled AKS pool is the cluster autoscaler's to manage; there is nothing to make permanent"];
  }
  if (pool.kind !== "aks-deployment") return [];
  const interval = live.cluster?.syncIntervalSeconds ?? DEFAULT_FLUX_SYNC_SECONDS;
  return [
    `Flux applies the new bounds at its next reconcile of ${pool.flux.kustomization} (sync interval ${interval} s); KEDA then scales the replicas between them, one per node of ${pool.nodePool.id}`,
    `the next deploy of ${environment.name}-${pool.region}-inference sets the variables back to ${environmentFile(environment.name)} unless the edit is merged first`,
  ];
}

/**
 * Everything that can be refused without asking Azure: the request's shape, and each value given against the
 * pool's on-call bounds. Run before any token is requested, so a refusal costs nothing and says what is wrong.
 */
export function checkScaleOffline(environment: Environment, pool: GpuPool, request: ScaleRequest): void {
  checkScaleRequest(environment, pool, request);
  checkOnCallBounds(environment, pool, request);
}

/** `onLive` sees the live state as soon as it is read, so a refusal can still record what the pool looked like. */
export async function planScale(clients: AzureClients, pool: GpuPool, request: ScaleRequest, onLive: (live: LiveState) => void = () => undefined): Promise<ScalePlan> {
  const environment = clients.environment;
  checkScaleOffline(environment, pool, request);
  const live = await readLiveState(clients, pool);
  onLive(live);
  const after = targetBounds(pool, live, request);
  checkOnCallBounds(environment, pool, after);
  if (pool.kind === "aks-deployment") checkNodeCapacity(environment, pool, live, after);
  const headroom = await headroomFor(clients, pool, live.count ?? 0);
  // Raising max lets the autoscaler grow to it: quota must cover the new ceiling, not just today's count.
  checkQuota(pool, live, request.count ?? after.max ?? after.count ?? 0, headroom);
  const call = plannedCall(clients, pool, live, after);
  return {
    pool,
    live,
    before: { min: live.min, max: live.max, count: live.count },
    after,
    call: call.changes.length > 0 ? call : undefined,
    headroom,
    configEdits: configEdits(environment, pool, after),
    notes: notesFor(environment, pool, live, request),
  };
}

export interface ApplyOptions {
  /** Aborted by Ctrl-C. */
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  readonly progress: (line: string) => void;
  /** Sees the pool's state as read after the change, or after a failure, so the audit record can keep it. */
  readonly onState?: (live: LiveState) => void;
}

async function sendNodePool(clients: AzureClients, pool: AksNodePool, plan: ScalePlan, signal: AbortSignal, progress: (line: string) => void): Promise<void> {
  const { after } = plan;
  const agentPools = clients.containerService().agentPools;
  const current: AgentPool = await agentPools.get(pool.resourceGroup, pool.cluster, pool.name, { abortSignal: signal });
  const autoscaled = after.min !== undefined;
  const desired: AgentPool = { ...current, enableAutoScaling: autoscaled, minCount: after.min, maxCount: after.max, count: after.count ?? current.count };
  // If-Match: a pool changed by someone else since we read it is refused (412), not silently overwritten.
  const options = { abortSignal: signal, updateIntervalInMs: clients.pollIntervalMs, ifMatch: current.eTag };
  await untilDone(agentPools.createOrUpdate(pool.resourceGroup, pool.cluster, pool.name, desired, options), signal, progress);
}

function sendFluxVariables(clients: AzureClients, pool: AksDeployment, plan: ScalePlan, signal: AbortSignal, progress: (line: string) => void): Promise<void> {
  const { after, live } = plan;
  const bounds = { [pool.flux.variables.min]: String(after.min), [pool.flux.variables.max]: String(after.max) };
  return updateServingVariables(clients, pool, live.cluster?.variables ?? {}, bounds, signal, progress);
}

async function sendMlDeployment(clients: AzureClients, pool: MlDeployment, plan: ScalePlan, signal: AbortSignal, progress: (line: string) => void): Promise<void> {
  const { after, live } = plan;
  if (after.count !== live.count) {
    const ml = clients.machineLearning().onlineDeployments;
    const options = { abortSignal: signal, updateIntervalInMs: clients.pollIntervalMs };
    await untilDone(await ml.beginUpdate(pool.resourceGroup, pool.workspace, pool.endpoint, pool.name, { sku: { capacity: after.count } }, options), signal, progress);
    return;
  }
  const setting = await findAutoscaleSetting(clients, pool);
  if (!setting?.name) throw new OpsError(`the autoscale setting of ${pool.id} disappeared while planning; nothing was changed`, "failed");
  const profiles = setting.profiles.map((profile, index) =>
    index === 0
      ? {
          ...profile,
          capacity: { minimum: String(after.min), maximum: String(after.max), default: String(clampDefault(Number(profile.capacity.default), after)) },
        }
      : profile,
  );
  progress(`updating autoscale setting ${setting.name}`);
  await clients.monitor().autoscaleSettings.update(pool.resourceGroup, setting.name, { profiles }, { abortSignal: signal });
}

function sendChange(clients: AzureClients, plan: ScalePlan, signal: AbortSignal, progress: (line: string) => void): Promise<void> {
  const pool = plan.pool;
  switch (pool.kind) {
    case "aks-node-pool":
      return sendNodePool(clients, pool, plan, signal, progress);
    case "aks-deployment":
      return sendFluxVariables(clients, pool, plan, signal, progress);
    case "aml-deployment":
      return sendMlDeployment(clients, pool, plan, signal, progress);
  }
}

/**
 * Applies the plan and returns the pool's new live state. On failure the error says what became of the write and
 * what state the pool is in now, read again.
 */
export async function applyScale(clients: AzureClients, plan: ScalePlan, options: ApplyOptions): Promise<LiveState> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([options.signal, timeout]);
  const resourceId = plan.call ? new URL(plan.call.url).pathname : poolResourceId(clients.environment.subscriptionId, plan.pool);
  try {
    await sendChange(clients, plan, signal, options.progress);
  } catch (error) {
    const failure =
      timeout.aborted && !options.signal.aborted
        ? new OpsError(`timed out after ${Math.round(options.timeoutMs / 1000)} s waiting for Azure to scale ${plan.pool.id}; the operation may still be running in Azure`, "failed")
        : explainAzureError(error, { action: `scaling ${plan.pool.id}`, resourceId, writing: true, clients });
    if (failure.kind === "interrupted") throw failure;
    forgetReads(clients);
    const now = await readLiveState(clients, plan.pool).then(
      (live) => {
        options.onState?.(live);
        return describeLiveState(live);
      },
      () => "unknown (reading it failed too)",
    );
    throw new OpsError(`${failure.message}\n${writeOutcome(clients, plan.call)}\n${plan.pool.id} is now: ${now}`, failure.kind);
  }
  forgetReads(clients);
  const live = await readLiveState(clients, plan.pool);
  options.onState?.(live);
  return live;
}
