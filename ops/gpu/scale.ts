/**
 * `fhi gpu scale`: plan (read live state, check on-call bounds and quota), then apply through the SDK's
 * long-running operation. Every refusal happens in planning, before any write is sent.
 */
import type { AgentPool } from "@azure/arm-containerservice";
import type { OnlineDeployment, TargetUtilizationScaleSettings } from "@azure/arm-machinelearning";
import type { Environment } from "../../environments/schema/config";
import { environmentFile } from "../environment";
import type { AzureClients } from "../clients";
import { explainAzureError } from "../azure-errors";
import { OpsError, refused } from "../errors";
import { API_VERSIONS, autoscaleSettingId, poolResourceId } from "./arm";
import { findAutoscaleSetting, forgetAutoscaleSettings, readLiveState, type LiveState } from "./live";
import { headroomFor, vcpusToGrow, type Headroom } from "./quota";
import type { Bounds, GpuPool } from "./pools";

export interface ScaleRequest {
  readonly min?: number;
  readonly max?: number;
  readonly count?: number;
}

export interface PlannedCall {
  readonly method: "PUT" | "PATCH";
  /** Full URL with api-version, as the SDK will send it. */
  readonly url: string;
  /** The fields of the request body that change, as JSON paths, with their old and new values. */
  readonly changes: readonly { readonly field: string; readonly from: unknown; readonly to: unknown }[];
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

/** Checks the shape of the request: bounds or a count, whole numbers, not both. */
function checkScaleRequest(request: ScaleRequest): void {
  const given = Object.entries(request).filter(([, value]) => value !== undefined);
  if (given.length === 0) throw refused("nothing to scale. Fix: pass --min N and/or --max N, or --count N");
  if (request.count !== undefined && (request.min !== undefined || request.max !== undefined)) {
    throw refused("--count cannot be combined with --min/--max. Fix: change the autoscale bounds and the count in two steps");
  }
  for (const [flag, value] of given) {
    if (!Number.isInteger(value) || (value as number) < 0) throw refused(`--${flag} ${String(value)}: must be a whole number of 0 or more`);
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

function url(clients: AzureClients, resourceId: string, apiVersion: string): string {
  return `${clients.cloud.resourceManagerUrl}${resourceId}?api-version=${apiVersion}`;
}

function plannedCall(clients: AzureClients, pool: GpuPool, live: LiveState, after: Bounds): PlannedCall {
  const subscription = clients.environment.subscriptionId;
  const change = (field: string, from: unknown, to: unknown) => (from === to ? [] : [{ field, from, to }]);
  if (pool.kind === "aks-node-pool") {
    return {
      method: "PUT",
      url: url(clients, poolResourceId(subscription, pool), API_VERSIONS.containerService),
      changes: [
        ...change("properties.enableAutoScaling", live.scaler === "cluster-autoscaler", after.min !== undefined),
        ...change("properties.minCount", live.min, after.min),
        ...change("properties.maxCount", live.max, after.max),
        ...change("properties.count", live.count, after.count),
      ],
    };
  }
  if (after.count !== live.count) {
    return { method: "PATCH", url: url(clients, poolResourceId(subscription, pool), API_VERSIONS.machineLearning), changes: change("sku.capacity", live.count, after.count) };
  }
  if (live.scaler === "target-utilization") {
    return {
      method: "PUT",
      url: url(clients, poolResourceId(subscription, pool), API_VERSIONS.machineLearning),
      changes: [...change("properties.scaleSettings.minInstances", live.min, after.min), ...change("properties.scaleSettings.maxInstances", live.max, after.max)],
    };
  }
  const setting = live.autoscaleSetting;
  return {
    method: "PATCH",
    url: url(clients, autoscaleSettingId(subscription, pool.resourceGroup, setting?.name ?? ""), API_VERSIONS.autoscale),
    changes: [
      ...change("properties.profiles[0].capacity.minimum", String(live.min), String(after.min)),
      ...change("properties.profiles[0].capacity.maximum", String(live.max), String(after.max)),
      ...change("properties.profiles[0].capacity.default", String(setting?.default), String(clampDefault(setting?.default ?? 0, after))),
    ],
  };
}

const clampDefault = (value: number, bounds: Bounds) => Math.min(Math.max(value, bounds.min ?? value), bounds.max ?? value);

function configEdits(environment: Environment, pool: GpuPool, after: Bounds, request: ScaleRequest): { edits: string[]; notes: string[] } {
  const file = environmentFile(environment.name);
  const edits: string[] = [];
  const notes: string[] = [];
  const edit = (field: string | undefined, configured: number | undefined, value: number | undefined) => {
    if (field && value !== undefined && configured !== value) edits.push(`${file}: ${pool.configPath}.${field}: ${configured} -> ${value}`);
  };
  edit(pool.fields.min, pool.config.min, after.min);
  edit(pool.fields.max, pool.config.max, after.max);
  edit(pool.fields.count, pool.config.count, after.count);
  if (pool.kind === "aks-node-pool" && request.count !== undefined) {
    notes.push("the node count of an autoscaled AKS pool is the cluster autoscaler's to manage; there is nothing to make permanent");
  }
  return { edits, notes };
}

/**
 * Everything that can be refused without asking Azure: the request's shape, and each value given against the
 * pool's on-call bounds. Run before any token is requested, so a refusal costs nothing and says what is wrong.
 */
export function checkScaleOffline(environment: Environment, pool: GpuPool, request: ScaleRequest): void {
  checkScaleRequest(request);
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
  const headroom = await headroomFor(clients, pool, live.count ?? 0);
  // Raising max lets the autoscaler grow to it: quota must cover the new ceiling, not just today's count.
  checkQuota(pool, live, request.count ?? after.max ?? after.count ?? 0, headroom);
  const call = plannedCall(clients, pool, live, after);
  const { edits, notes } = configEdits(environment, pool, after, request);
  if (pool.kind === "aml-deployment" && pool.compute === "kubernetes") {
    notes.push("a Kubernetes deployment's instances run on its AKS GPU pool: check that pool's max too (fhi gpu status)");
  }
  return {
    pool,
    live,
    before: { min: live.min, max: live.max, count: live.count },
    after,
    call: call.changes.length > 0 ? call : undefined,
    headroom,
    configEdits: edits,
    notes,
  };
}

export interface ApplyOptions {
  /** Aborted by Ctrl-C. */
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  readonly progress: (line: string) => void;
}

interface Poller<T> {
  onProgress(callback: (state: object) => void): unknown;
  pollUntilDone(options?: { abortSignal?: AbortSignal }): Promise<T>;
}

async function untilDone<T>(poller: Poller<T>, signal: AbortSignal, progress: (line: string) => void): Promise<T> {
  const started = Date.now();
  // Newer pollers report a status; the older generation (Azure ML's) only that it is still going.
  poller.onProgress((state) => {
    const status = "status" in state && typeof state.status === "string" ? state.status : "running";
    progress(`waiting for Azure: ${status} (${Math.round((Date.now() - started) / 1000)} s)`);
  });
  return poller.pollUntilDone({ abortSignal: signal });
}

async function sendChange(clients: AzureClients, plan: ScalePlan, signal: AbortSignal, progress: (line: string) => void): Promise<void> {
  const { pool, after, live } = plan;
  const updateIntervalInMs = clients.pollIntervalMs;
  if (pool.kind === "aks-node-pool") {
    const agentPools = clients.containerService().agentPools;
    const current: AgentPool = await agentPools.get(pool.resourceGroup, pool.cluster, pool.name, { abortSignal: signal });
    const autoscaled = after.min !== undefined;
    const desired: AgentPool = { ...current, enableAutoScaling: autoscaled, minCount: after.min, maxCount: after.max, count: after.count ?? current.count };
    // If-Match: a pool changed by someone else since we read it is refused (412), not silently overwritten.
    const options = { abortSignal: signal, updateIntervalInMs, ifMatch: current.eTag };
    await untilDone(agentPools.createOrUpdate(pool.resourceGroup, pool.cluster, pool.name, desired, options), signal, progress);
    return;
  }
  const ml = clients.machineLearning().onlineDeployments;
  if (after.count !== live.count) {
    const poller = await ml.beginUpdate(pool.resourceGroup, pool.workspace, pool.endpoint, pool.name, { sku: { capacity: after.count } }, { abortSignal: signal, updateIntervalInMs });
    await untilDone(poller, signal, progress);
    return;
  }
  if (live.scaler === "target-utilization") {
    const current: OnlineDeployment = await ml.get(pool.resourceGroup, pool.workspace, pool.endpoint, pool.name, { abortSignal: signal });
    const scaleSettings: TargetUtilizationScaleSettings = {
      ...(current.properties.scaleSettings as TargetUtilizationScaleSettings),
      minInstances: after.min,
      maxInstances: after.max,
    };
    const desired: OnlineDeployment = { ...current, properties: { ...current.properties, scaleSettings } };
    const poller = await ml.beginCreateOrUpdate(pool.resourceGroup, pool.workspace, pool.endpoint, pool.name, desired, { abortSignal: signal, updateIntervalInMs });
    await untilDone(poller, signal, progress);
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

export function describeLiveState(live: LiveState): string {
  const range = live.min !== undefined ? `, min ${live.min}, max ${live.max}` : "";
  return `provisioning state ${live.provisioningState}, count ${live.count ?? "?"}${range}`;
}

/** Applies the plan and returns the pool's new live state; on failure the error says what state the pool is in now. */
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
    forgetAutoscaleSettings(clients);
    const now = await readLiveState(clients, plan.pool).then(describeLiveState, () => "unknown (reading it failed too)");
    throw new OpsError(`${failure.message}\n${plan.pool.id} is now: ${now}`, failure.kind);
  }
  forgetAutoscaleSettings(clients);
  return readLiveState(clients, plan.pool);
}
