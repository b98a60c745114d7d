/**
 * `fhi rollout advance` and `rollback`: plan (read the live split, and for an advance the gates over the step's bake),
 * then write the new split through ARM and wait for the long-running operation. Every refusal happens in planning,
 * before anything is written. Managed endpoints: the endpoint is re-read and PUT back at API 2023-04-01 with only
 * `traffic` and `mirrorTraffic` changed, as the inference stack's traffic update writes it (azapi_update_resource:
 * GET, merge, PUT; Azure ML's PATCH of an endpoint takes only tags and identity). Clusters: the serving Flux
 * configuration's variables are PATCHed, as `fhi gpu scale` does.
 */
import { createRestError } from "@azure-rest/core-client";
import { createHttpPoller } from "@azure/core-lro";
import { MIRROR_VARIABLE, trafficVariable } from "../../environments/schema/serving";
import { describeStep } from "../../environments/schema/rollout";
import type { AzureClients } from "../clients";
import { explainAzureError } from "../azure-errors";
import { environmentFile } from "../environment";
import { OpsError, refused } from "../errors";
import { API_VERSIONS } from "../gpu/arm";
import { updateServingVariables } from "../gpu/flux-variables";
import { armUrl, change, untilDone, writeOutcome, type PlannedCall } from "../operations";
import { GATE_UNITS } from "./gates";
import { fluxHandle, readLiveTraffic, readManagedEndpoint, rollbackSplit, splitDifferences, splitResourceId, stepSplit, type ArmOnlineEndpoint, type LiveTraffic, type Split } from "./live";
import { ROLLOUT_API_VERSIONS } from "./arm";
import { rolloutStatus, type RolloutStatus } from "./status";
import { planPlace, type ClusterTarget, type ManagedTarget, type RolloutTarget } from "./target";

export interface RolloutChange {
  readonly target: RolloutTarget;
  readonly action: "advance" | "rollback";
  /** The step the config is at, and the one an advance moves to. */
  readonly fromStep: number;
  readonly toStep?: number;
  readonly live: LiveTraffic;
  readonly after: Split;
  /** Undefined when the split is already as asked. */
  readonly call?: PlannedCall;
  /** The advance's reading of the step (gates, bake), shown before the change. */
  readonly status?: RolloutStatus;
  /** What an --override went past: each check that would have refused the advance. */
  readonly overridden: readonly string[];
  /** Edits to the environment file that make the change permanent. */
  readonly configEdits: readonly string[];
  readonly notes: readonly string[];
}

/** Everything about an advance that can be refused without Azure: a plan already at its last step, an override without a reason. */
export function checkAdvanceOffline(target: RolloutTarget, options: { readonly override: boolean; readonly reason?: string }): void {
  const plan = target.plan;
  if (plan.step >= plan.steps.length - 1) {
    throw refused(
      `${target.id} is at its last step (${plan.step}, ${describeStep(plan.steps[plan.step])}): there is nothing to advance to. The rollout ends with the pull request that removes ${planPlace(target)} and the deployment ${plan.current}`,
    );
  }
  if (options.override && !options.reason) {
    throw refused("--override needs --reason: an advance past a failing gate or an unfinished bake is recorded with why. Fix: add --reason \"<incident or change number, and why>\"");
  }
}

function shareVariables(target: ClusterTarget, split: Split): Record<string, string> {
  return {
    ...Object.fromEntries(Object.entries(split.traffic).map(([name, share]) => [trafficVariable(name), String(share)])),
    [MIRROR_VARIABLE]: String(split.mirror[target.plan.next] ?? 0),
  };
}

function plannedCall(clients: AzureClients, target: RolloutTarget, live: LiveTraffic, after: Split): PlannedCall {
  const resource = splitResourceId(clients, target);
  if (target.kind === "managed") {
    return {
      method: "PUT",
      url: armUrl(clients, resource, ROLLOUT_API_VERSIONS.endpointTraffic),
      changes: (["traffic", "mirror"] as const).flatMap((kind) =>
        Object.entries(after[kind]).flatMap(([name, share]) => change(`properties.${kind === "traffic" ? "traffic" : "mirrorTraffic"}.${name}`, live[kind][name], share)),
      ),
    };
  }
  const field = (name: string) => `properties.kustomizations.${fluxHandle(target).flux.kustomization}.postBuild.substitute.${name}`;
  const before = live.variables ?? {};
  return {
    method: "PATCH",
    url: armUrl(clients, resource, API_VERSIONS.kubernetesConfiguration),
    changes: Object.entries(shareVariables(target, after)).flatMap(([name, value]) => change(field(name), before[name], value)),
  };
}

function trafficEdits(target: RolloutTarget, after: Split): string[] {
  const file = environmentFile(target.environment.name);
  return target.endpoint.deployments.flatMap((deployment, index) =>
    after.traffic[deployment.name] === deployment.trafficPercent ? [] : [`${file}: ${target.configPath}.deployments[${index}].trafficPercent: ${deployment.trafficPercent} -> ${after.traffic[deployment.name]}`],
  );
}

function notesFor(target: RolloutTarget, live: LiveTraffic): string[] {
  const deploy = `the next deploy of ${target.environment.name}-${target.region}-inference sets the split back to ${environmentFile(target.environment.name)} unless the edit is merged first`;
  if (target.kind === "managed") return [deploy];
  const interval = live.syncIntervalSeconds === undefined ? "" : ` (sync interval ${live.syncIntervalSeconds} s)`;
  return [`Flux applies the new split at its next reconcile of ${fluxHandle(target).flux.kustomization}${interval}; the routers restart with it`, deploy];
}

/** Why the advance may not go ahead: each check that fails, in words the output and the audit record keep. */
function advanceBlockers(status: RolloutStatus): string[] {
  const blockers = status.gates.filter((gate) => !gate.holds).map((gate) =>
    gate.value === undefined
      ? `gate ${gate.gate} (${gate.threshold} ${GATE_UNITS[gate.gate]}): ${gate.problem}`
      : `gate ${gate.gate}: ${round(gate.value)} ${GATE_UNITS[gate.gate]} is above ${gate.threshold} ${GATE_UNITS[gate.gate]}`,
  );
  const progress = status.step;
  if (!progress.startedAt) blockers.push("the step's start is unknown (ARM shows no modification time of the split), so its bake cannot be counted");
  else if (!progress.baked) blockers.push(`the bake is not over: step ${progress.index} has run ${progress.elapsedMinutes} of ${progress.step.bakeMinutes} min since the split was written at ${progress.startedAt.toISOString()}`);
  if (status.live.complianceState !== undefined && status.live.complianceState !== "Compliant") blockers.push(`Flux reports the serving configuration ${status.live.complianceState}, so the cluster may not run step ${progress.index}'s split`);
  return blockers;
}

export const round = (value: number) => Math.round(value * 100) / 100;

/**
 * Plans one step forward. Refused when live is not the config's step (an earlier change was not merged, or someone
 * changed the split outside the rollout: never stacked on), and, unless `override`, when a gate does not hold over the
 * bake, the bake is not over, or Flux does not report the cluster running the step.
 */
export async function planAdvance(clients: AzureClients, target: RolloutTarget, now: Date, options: { readonly override: boolean }, onLive: (live: LiveTraffic) => void = () => undefined): Promise<RolloutChange> {
  const status = await rolloutStatus(clients, target, now);
  onLive(status.live);
  const from = target.plan.step;
  if (status.differences.length > 0) {
    throw refused(
      `the live split of ${target.id} is ${status.liveAs}, not the config's step ${from} (${status.differences.join("; ")}), so there is no step to advance from. Fix: if an earlier advance or rollback is live, merge its config edit first; otherwise find out who changed the split (the endpoint's activity log), then set it back with a deploy`,
    );
  }
  const blockers = advanceBlockers(status);
  if (blockers.length > 0 && !options.override) {
    throw refused(`${target.id} stays at step ${from}: ${blockers.join("; ")}. Fix: wait and run fhi rollout status again; a failing gate is a reason to roll back (fhi rollout rollback), not to advance. Only with a clinical or operational decision: --override --reason "..."`);
  }
  const after = stepSplit(target, from + 1);
  const file = environmentFile(target.environment.name);
  return {
    target,
    action: "advance",
    fromStep: from,
    toStep: from + 1,
    live: status.live,
    after,
    call: plannedCall(clients, target, status.live, after),
    status,
    overridden: blockers,
    configEdits: [`${file}: ${target.configPath}.rollout.step: ${from} -> ${from + 1}`, ...trafficEdits(target, after)],
    notes: notesFor(target, status.live),
  };
}

/** Plans the rollback: every request to `rollbackTo`, no copy; no gate or bake is asked. */
export async function planRollback(clients: AzureClients, target: RolloutTarget, onLive: (live: LiveTraffic) => void = () => undefined): Promise<RolloutChange> {
  const live = await readLiveTraffic(clients, target);
  onLive(live);
  const after = rollbackSplit(target);
  const call = plannedCall(clients, target, live, after);
  return {
    target,
    action: "rollback",
    fromStep: target.plan.step,
    live,
    after,
    call: call.changes.length > 0 && splitDifferences(live, after).length > 0 ? call : undefined,
    overridden: [],
    configEdits: [
      ...trafficEdits(target, after),
      `${environmentFile(target.environment.name)}: remove ${target.configPath}.rollout: the rollout to ${target.plan.next} is over (rolled back to ${target.plan.rollbackTo}); a new attempt starts from a plan at step 0`,
    ],
    notes: notesFor(target, live),
  };
}

export interface ApplyOptions {
  /** Aborted by Ctrl-C. */
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  readonly progress: (line: string) => void;
  /** Sees the split as read after the change, or after a failure, so the audit record can keep it. */
  readonly onState?: (live: LiveTraffic) => void;
}

/** Fields Azure ML fills in and does not take back in a PUT. */
function writable(endpoint: ArmOnlineEndpoint): ArmOnlineEndpoint {
  const { id: _id, name: _name, type: _type, systemData: _systemData, ...rest } = endpoint;
  const { provisioningState: _state, scoringUri: _scoring, swaggerUri: _swagger, ...properties } = endpoint.properties;
  return { ...rest, properties };
}

/** The endpoint is re-read and refused if its split moved since planning; then PUT back with only the split changed. */
async function sendManagedSplit(clients: AzureClients, target: ManagedTarget, plan: RolloutChange, signal: AbortSignal, progress: (line: string) => void): Promise<void> {
  const current = await readManagedEndpoint(clients, target, signal);
  const moved = splitDifferences(readSplit(target, current), plan.live);
  if (moved.length > 0) {
    throw new OpsError(`endpoint ${target.id} changed after it was read (${moved.join("; ")}): someone or something else updated its traffic, so nothing was written. Fix: run the command again; it re-reads the live state`, "failed");
  }
  const body = writable(current);
  body.properties.traffic = { ...current.properties.traffic, ...(plan.after.traffic as Record<string, number>) };
  body.properties.mirrorTraffic = { ...current.properties.mirrorTraffic, ...(plan.after.mirror as Record<string, number>) };
  const arm = clients.arm();
  const path = splitResourceId(clients, target);
  const query = { "api-version": ROLLOUT_API_VERSIONS.endpointTraffic };
  const lroResponse = (response: Awaited<ReturnType<ReturnType<typeof arm.pathUnchecked>["get"]>>) => {
    if (!["200", "201", "202"].includes(response.status)) throw createRestError(response);
    return { flatResponse: response, rawResponse: { ...response, statusCode: Number(response.status), headers: { ...response.headers }, request: { method: response.request.method, url: response.request.url } } };
  };
  const poller = createHttpPoller(
    {
      sendInitialRequest: async () => lroResponse(await arm.pathUnchecked(path).put({ queryParameters: query, body, abortSignal: signal })),
      sendPollRequest: async (url) => lroResponse(await arm.pathUnchecked(url).get({ abortSignal: signal })),
    },
    { intervalInMs: clients.pollIntervalMs, resourceLocationConfig: "original-uri" },
  );
  await untilDone(poller, signal, progress);
}

function readSplit(target: ManagedTarget, endpoint: ArmOnlineEndpoint): Split {
  const names = target.endpoint.deployments.map((deployment) => deployment.name);
  return {
    traffic: Object.fromEntries(names.map((name) => [name, endpoint.properties.traffic?.[name] ?? 0])),
    mirror: Object.fromEntries(names.map((name) => [name, endpoint.properties.mirrorTraffic?.[name] ?? 0])),
  };
}

function sendSplit(clients: AzureClients, plan: RolloutChange, signal: AbortSignal, progress: (line: string) => void): Promise<void> {
  const target = plan.target;
  if (target.kind === "managed") return sendManagedSplit(clients, target, plan, signal, progress);
  return updateServingVariables(clients, fluxHandle(target), plan.live.variables ?? {}, shareVariables(target, plan.after), signal, progress);
}

/** One line for messages: the split as read. */
export function describeSplit(live: Split, extra: { readonly provisioningState?: string; readonly complianceState?: string } = {}): string {
  const shares = Object.entries(live.traffic).map(([name, share]) => `${name} ${share ?? "unset"} %`).join(", ");
  const mirrored = Object.entries(live.mirror).filter(([, share]) => share !== 0).map(([name, share]) => `${name} ${share ?? "unset"} %`);
  const state = [extra.provisioningState, extra.complianceState].filter(Boolean).join(", ");
  return `traffic ${shares}; mirrored ${mirrored.length > 0 ? mirrored.join(", ") : "none"}${state ? ` (${state})` : ""}`;
}

/**
 * Writes the planned split and returns the split read afterwards. On failure the error says what became of the write
 * and what split the endpoint serves now, read again.
 */
export async function applyRolloutChange(clients: AzureClients, plan: RolloutChange, options: ApplyOptions): Promise<LiveTraffic> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([options.signal, timeout]);
  const resourceId = splitResourceId(clients, plan.target);
  try {
    await sendSplit(clients, plan, signal, options.progress);
  } catch (error) {
    const failure =
      timeout.aborted && !options.signal.aborted
        ? new OpsError(`timed out after ${Math.round(options.timeoutMs / 1000)} s waiting for Azure to change the split of ${plan.target.id}; the operation may still be running in Azure`, "failed")
        : explainAzureError(error, { action: `changing the split of ${plan.target.id}`, resourceId, writing: true, clients });
    if (failure.kind === "interrupted") throw failure;
    const now = await readLiveTraffic(clients, plan.target).then(
      (live) => {
        options.onState?.(live);
        return describeSplit(live, live);
      },
      () => "unknown (reading it failed too)",
    );
    throw new OpsError(`${failure.message}\n${writeOutcome(clients, plan.call)}\n${plan.target.id} is now: ${now}`, failure.kind);
  }
  const live = await readLiveTraffic(clients, plan.target);
  options.onState?.(live);
  return live;
}
