/**
 * The split an endpoint serves right now, as ARM shows it, and the split each step of its plan (or a rollback) means.
 * Managed endpoints: the endpoint's `traffic` and `mirrorTraffic` at API 2023-04-01. Cluster endpoints: the
 * `<DEPLOYMENT>_TRAFFIC_PERCENT` and `MIRROR_PERCENT` post-build variables of the serving Flux configuration, and
 * whether Flux reports the cluster running it.
 */
import { createRestError } from "@azure-rest/core-client";
import { MIRROR_VARIABLE, trafficVariable } from "../../environments/schema/serving";
import { describeStep, stepTraffic } from "../../environments/schema/rollout";
import type { AzureClients } from "../clients";
import { explainAzureError } from "../azure-errors";
import { endpointId, fluxConfigurationId } from "../gpu/arm";
import { readFluxConfiguration, servingVariables } from "../gpu/live";
import { ROLLOUT_API_VERSIONS } from "./arm";
import type { ClusterTarget, ManagedTarget, RolloutTarget } from "./target";

/** Each deployment's share of the endpoint's requests, and the share of requests copied to it, in percent. */
export interface Split {
  readonly traffic: Readonly<Record<string, number | undefined>>;
  readonly mirror: Readonly<Record<string, number | undefined>>;
}

export interface LiveTraffic extends Split {
  readonly provisioningState: string;
  /** Flux's report on the cluster (cluster endpoints): Compliant, Non-Compliant, Pending, Suspended or Unknown. */
  readonly complianceState?: string;
  readonly errorMessage?: string;
  /**
   * When ARM last saw the resource that holds the split written (systemData.lastModifiedAt): the endpoint, or the
   * serving Flux configuration. The current step began no later than this (see stepStart in status.ts).
   */
  readonly changedAt?: Date;
  /** How often Flux reconciles the serving kustomization (cluster endpoints): when a written split reaches the routers. */
  readonly syncIntervalSeconds?: number;
  /** Every post-build variable as read (cluster endpoints): a write keeps all but the split's and refuses if they moved. */
  readonly variables?: Readonly<Record<string, string>>;
}

/** The endpoint as Azure ML returns it at API 2023-04-01: what a traffic write sends back with only the split changed. */
export interface ArmOnlineEndpoint {
  readonly id?: string;
  readonly properties: { traffic?: Record<string, number>; mirrorTraffic?: Record<string, number>; provisioningState?: string } & Record<string, unknown>;
  readonly systemData?: { readonly lastModifiedAt?: string };
  readonly [key: string]: unknown;
}

/** What `step` of the plan means for every deployment of the endpoint: current and next as the step says, any other none. */
export function stepSplit(target: RolloutTarget, stepIndex: number): Split {
  const plan = target.plan;
  const shares = stepTraffic(plan.steps[stepIndex]);
  const names = target.endpoint.deployments.map((deployment) => deployment.name);
  return {
    traffic: Object.fromEntries(names.map((name) => [name, name === plan.current ? shares.current : name === plan.next ? shares.next : 0])),
    mirror: Object.fromEntries(names.map((name) => [name, name === plan.next ? shares.mirror : 0])),
  };
}

/** A rollback: every request to `rollbackTo`, nothing to any other deployment, no copy. */
export function rollbackSplit(target: RolloutTarget): Split {
  const names = target.endpoint.deployments.map((deployment) => deployment.name);
  return {
    traffic: Object.fromEntries(names.map((name) => [name, name === target.plan.rollbackTo ? 100 : 0])),
    mirror: Object.fromEntries(names.map((name) => [name, 0])),
  };
}

const percent = (value: number | undefined) => (value === undefined ? "unset" : `${value} %`);

/** Where `live` differs from `expected`, one phrase per deployment and share. */
export function splitDifferences(live: Split, expected: Split): string[] {
  const differences: string[] = [];
  for (const [kind, label] of [["traffic", "traffic"], ["mirror", "mirrored"]] as const) {
    for (const [name, share] of Object.entries(expected[kind])) {
      if (live[kind][name] !== share) differences.push(`${name} ${label} ${percent(live[kind][name])} (config ${percent(share)})`);
    }
  }
  return differences;
}

/** What the live split is, in the plan's words: a step, a rollback, or neither. */
export function describeLiveSplit(target: RolloutTarget, live: Split): string {
  const step = target.plan.steps.findIndex((_, index) => splitDifferences(live, stepSplit(target, index)).length === 0);
  if (step >= 0) return `step ${step} (${describeStep(target.plan.steps[step])})`;
  if (splitDifferences(live, rollbackSplit(target)).length === 0) return `rolled back (all traffic to ${target.plan.rollbackTo})`;
  return "no step of the plan";
}

/** The managed endpoint as Azure ML returns it, for the split and for a write that sends it back. */
export async function readManagedEndpoint(clients: AzureClients, target: ManagedTarget, abortSignal?: AbortSignal): Promise<ArmOnlineEndpoint> {
  const id = endpointId(clients.environment.subscriptionId, Object.values(target.deployments)[0]);
  try {
    const response = await clients.arm().pathUnchecked(id).get({ queryParameters: { "api-version": ROLLOUT_API_VERSIONS.endpointTraffic }, abortSignal });
    if (response.status !== "200") throw createRestError(response);
    return response.body as ArmOnlineEndpoint;
  } catch (error) {
    throw explainAzureError(error, { action: `reading the traffic of endpoint ${target.id}`, resourceId: id, writing: false, clients });
  }
}

function managedLive(target: ManagedTarget, endpoint: ArmOnlineEndpoint): LiveTraffic {
  const names = target.endpoint.deployments.map((deployment) => deployment.name);
  // A deployment the endpoint does not name takes no traffic and no copy.
  const share = (map: Record<string, number> | undefined, name: string) => map?.[name] ?? 0;
  const changedAt = endpoint.systemData?.lastModifiedAt;
  return {
    traffic: Object.fromEntries(names.map((name) => [name, share(endpoint.properties.traffic, name)])),
    mirror: Object.fromEntries(names.map((name) => [name, share(endpoint.properties.mirrorTraffic, name)])),
    provisioningState: endpoint.properties.provisioningState ?? "Unknown",
    changedAt: changedAt ? new Date(changedAt) : undefined,
  };
}

/** A variable that is absent or not a whole number shows as unset: a difference from the config, never a guess. */
function shareVariable(variables: Readonly<Record<string, string>>, name: string): number | undefined {
  const raw = variables[name];
  return raw !== undefined && /^\d{1,3}$/.test(raw) ? Number(raw) : undefined;
}

/** Any deployment of the endpoint leads to the one serving Flux configuration of its cluster. */
export function fluxHandle(target: ClusterTarget) {
  return Object.values(target.deployments)[0];
}

async function clusterLive(clients: AzureClients, target: ClusterTarget, abortSignal?: AbortSignal): Promise<LiveTraffic> {
  const handle = fluxHandle(target);
  const configuration = await readFluxConfiguration(clients, handle, abortSignal);
  const variables = servingVariables(clients, handle, configuration);
  const names = target.endpoint.deployments.map((deployment) => deployment.name);
  const mirrored = shareVariable(variables, MIRROR_VARIABLE);
  return {
    traffic: Object.fromEntries(names.map((name) => [name, shareVariable(variables, trafficVariable(name))])),
    mirror: Object.fromEntries(names.map((name) => [name, name === target.plan.next ? mirrored : 0])),
    provisioningState: configuration.provisioningState ?? "Unknown",
    complianceState: configuration.complianceState ?? "Unknown",
    errorMessage: configuration.errorMessage || undefined,
    changedAt: configuration.systemData?.lastModifiedAt,
    syncIntervalSeconds: configuration.kustomizations?.[handle.flux.kustomization]?.syncIntervalInSeconds,
    variables,
  };
}

export async function readLiveTraffic(clients: AzureClients, target: RolloutTarget, abortSignal?: AbortSignal): Promise<LiveTraffic> {
  if (target.kind === "managed") return managedLive(target, await readManagedEndpoint(clients, target, abortSignal));
  return clusterLive(clients, target, abortSignal);
}

/** The ARM resource that holds the endpoint's split. */
export function splitResourceId(clients: AzureClients, target: RolloutTarget): string {
  const subscription = clients.environment.subscriptionId;
  return target.kind === "managed" ? endpointId(subscription, Object.values(target.deployments)[0]) : fluxConfigurationId(subscription, fluxHandle(target));
}
