/**
 * The live value of each gate of a rollout on its `next` deployment, over a window, read exactly as the inference
 * stack's alerts read it (environments/schema/gate-metrics.ts): managed deployments through Azure Monitor metrics and
 * a Log Analytics query of the endpoint's traffic log, cluster deployments through PromQL on the region's Azure
 * Monitor workspace. A gate holds when its value is at or below its threshold; a gate without a value does not hold.
 */
import { createRestError } from "@azure-rest/core-client";
import { clusterGateQuery, MANAGED_GATE_METRICS, managedServerErrorQuery, SERVER_ERROR_PERCENT_COLUMN } from "../../environments/schema/gate-metrics";
import { SERVING_NAMESPACE } from "../../environments/schema/serving";
import { GATE_NAMES, type GateName } from "../../environments/schema/rollout";
import type { AzureClients } from "../clients";
import { explainAzureError } from "../azure-errors";
import { OpsError } from "../errors";
import { deploymentId } from "../gpu/arm";
import { logAnalyticsWorkspaceId, monitorWorkspaceId, ROLLOUT_API_VERSIONS } from "./arm";
import type { ClusterTarget, ManagedTarget, RolloutTarget } from "./target";

export interface GateWindow {
  readonly from: Date;
  readonly to: Date;
}

export interface GateReading {
  readonly gate: GateName;
  readonly threshold: number;
  /** The gate's value over the window, in its unit (ms or %); absent when there is none. */
  readonly value?: number;
  readonly holds: boolean;
  /** What was read, for the person judging it. */
  readonly source: string;
  /** Why there is no value: no data in the window, or why it could not be read. */
  readonly problem?: string;
}

export const GATE_UNITS: Readonly<Record<GateName, string>> = { p95LatencyMs: "ms", serverErrorPercent: "%", gpuSaturationPercent: "%" };

const NO_DATA = "no data in the window: nothing shows the gate holds";

/** Whole minutes of the window, at least one (PromQL ranges and the bake are counted in minutes). */
export function windowMinutes(window: GateWindow): number {
  return Math.max(1, Math.floor((window.to.getTime() - window.from.getTime()) / 60_000));
}

function reading(gate: GateName, threshold: number, source: string, value: number | undefined, problem?: string): GateReading {
  const known = value !== undefined && Number.isFinite(value);
  return { gate, threshold, source, value: known ? value : undefined, holds: known && value <= threshold, problem: known ? undefined : (problem ?? NO_DATA) };
}

/** A read that failed becomes the gate's problem: the other gates are still read and shown. */
async function guarded(gate: GateName, threshold: number, source: string, read: () => Promise<number | undefined>): Promise<GateReading> {
  try {
    return reading(gate, threshold, source, await read());
  } catch (error) {
    if (error instanceof OpsError) return reading(gate, threshold, source, undefined, error.message);
    throw error;
  }
}

/** The metric's average over the whole window: one data point (`interval=FULL`, Metrics - List 2024-02-01). */
async function managedMetric(clients: AzureClients, target: ManagedTarget, gate: Exclude<GateName, "serverErrorPercent">, window: GateWindow): Promise<number | undefined> {
  const { namespace, metric, aggregation } = MANAGED_GATE_METRICS[gate];
  const resource = deploymentId(clients.environment.subscriptionId, target.deployments[target.plan.next]);
  try {
    const response = await clients.monitor().metrics.list(resource.replace(/^\//, ""), {
      timespan: `${window.from.toISOString()}/${window.to.toISOString()}`,
      interval: "FULL",
      metricnames: metric,
      aggregation,
      metricnamespace: namespace,
    });
    const values = response.value.flatMap((series) => series.timeseries ?? []).flatMap((series) => series.data ?? []);
    return values.map((point) => point.average).find((value) => value !== undefined && value !== null);
  } catch (error) {
    throw explainAzureError(error, { action: `reading ${metric} of ${target.plan.next}`, resourceId: resource, writing: false, clients });
  }
}

/** The share of 5xx answers in the endpoint's traffic log over the window, queried on the region's workspace as the alert does. */
async function managedServerErrors(clients: AzureClients, target: ManagedTarget, window: GateWindow): Promise<number | undefined> {
  const logs = clients.logs();
  if (!logs) throw new OpsError("the cloud config names no logAnalyticsEndpoint, so the traffic log cannot be queried. Fix: add logAnalyticsEndpoint to the cloud config", "failed");
  const workspace = logAnalyticsWorkspaceId(target);
  let result;
  try {
    // The query API's path is /v1/<resource ID without its leading slash>/query (Learn: azure-resource-queries).
    result = await logs.queryResource(workspace.replace(/^\//, ""), managedServerErrorQuery(target.endpoint.name, target.plan.next), { startTime: window.from, endTime: window.to });
  } catch (error) {
    const explained = explainAzureError(error, { action: "querying the endpoint's traffic log", resourceId: workspace, writing: false, clients });
    // The workspace takes queries through its private link scope only (constructs/observability: no internet query).
    throw new OpsError(`${explained.message}${/403|resolve/.test(explained.message) ? ". The workspace accepts queries only from networks linked to its Azure Monitor private link scope (the deployer network, the hub)" : ""}`, "failed");
  }
  if (result.status !== "Success") throw new OpsError(`the traffic log query returned part of its answer only: ${result.partialError.message}`, "failed");
  const table = result.tables[0];
  const column = table?.columnDescriptors.findIndex((descriptor) => descriptor.name === SERVER_ERROR_PERCENT_COLUMN) ?? -1;
  const value = column >= 0 ? table.rows[0]?.[column] : undefined;
  return typeof value === "number" ? value : undefined;
}

const PROMETHEUS_QUERY_PATH = "/api/v1/query";

/** Node's codes for a host name that does not resolve (the transport policy suffixes them so they are not retried). */
const unresolved = (error: unknown) => /^(ENOTFOUND|EAI_AGAIN)/.test(String((error as { code?: unknown }).code ?? ""));

async function prometheusQueryEndpoint(clients: AzureClients, target: ClusterTarget): Promise<string> {
  const id = monitorWorkspaceId(target);
  try {
    const response = await clients.arm().pathUnchecked(id).get({ queryParameters: { "api-version": ROLLOUT_API_VERSIONS.monitorWorkspace } });
    if (response.status !== "200") throw createRestError(response);
    const endpoint = (response.body as { properties?: { metrics?: { prometheusQueryEndpoint?: string } } }).properties?.metrics?.prometheusQueryEndpoint;
    if (!endpoint) throw new OpsError(`Azure Monitor workspace ${target.names.monitorWorkspace()} shows no Prometheus query endpoint. Fix: check it in the portal; redeploy the ${target.environment.name}-${target.region}-inference stack`, "failed");
    return endpoint;
  } catch (error) {
    throw explainAzureError(error, { action: `reading Azure Monitor workspace ${target.names.monitorWorkspace()}`, resourceId: id, writing: false, clients });
  }
}

/** An instant PromQL query at the window's end; a result that is empty or not a number (0/0) is no value. */
async function promql(clients: AzureClients, target: ClusterTarget, endpoint: string, query: string, at: Date): Promise<number | undefined> {
  const scope = clients.cloud.prometheusScope;
  if (!scope) throw new OpsError(`the ${clients.cloud.name} cloud has no documented Prometheus query audience. Fix: read the gates in the cluster's Grafana or the workspace's Prometheus explorer`, "failed");
  try {
    const response = await clients.rest(endpoint, scope).pathUnchecked(PROMETHEUS_QUERY_PATH).get({ queryParameters: { query, time: at.toISOString() } });
    if (response.status !== "200") throw createRestError(response);
    const body = response.body as { status?: string; data?: { result?: { value?: [number, string] }[] } };
    const raw = body.data?.result?.[0]?.value?.[1];
    return raw === undefined ? undefined : Number(raw);
  } catch (error) {
    const host = new URL(endpoint).host;
    if (unresolved(error)) {
      throw new OpsError(
        `cannot reach ${host}: the Azure Monitor workspace's query endpoint is private and its name does not resolve from this network. Fix: run fhi rollout from a network linked to its private DNS zone (privatelink.${target.region}.prometheus.monitor.azure.com), e.g. the deployer network or the trusted clinical environment`,
        "failed",
      );
    }
    throw explainAzureError(error, { action: `querying Prometheus on ${host}`, resourceId: endpoint, writing: false, clients });
  }
}

async function managedGates(clients: AzureClients, target: ManagedTarget, window: GateWindow, gates: [GateName, number][]): Promise<GateReading[]> {
  return Promise.all(
    gates.map(([gate, threshold]) =>
      gate === "serverErrorPercent"
        ? guarded(gate, threshold, "AmlOnlineEndpointTrafficLog 5xx share", () => managedServerErrors(clients, target, window))
        : guarded(gate, threshold, `Azure Monitor ${MANAGED_GATE_METRICS[gate].metric} (average)`, () => managedMetric(clients, target, gate, window)),
    ),
  );
}

const CLUSTER_SOURCES: Readonly<Record<GateName, string>> = {
  p95LatencyMs: "vllm:e2e_request_latency_seconds p95",
  serverErrorPercent: 'vllm:request_success_total finished_reason="error" share',
  gpuSaturationPercent: "vllm:kv_cache_usage_perc",
};

async function clusterGates(clients: AzureClients, target: ClusterTarget, window: GateWindow, gates: [GateName, number][]): Promise<GateReading[]> {
  let endpoint: string;
  try {
    endpoint = await prometheusQueryEndpoint(clients, target);
  } catch (error) {
    if (!(error instanceof OpsError)) throw error;
    return gates.map(([gate, threshold]) => reading(gate, threshold, CLUSTER_SOURCES[gate], undefined, error.message));
  }
  const minutes = windowMinutes(window);
  // One at a time: a query endpoint that does not resolve fails the first quickly, and the rest the same way.
  const readings: GateReading[] = [];
  for (const [gate, threshold] of gates) {
    const query = clusterGateQuery(gate, SERVING_NAMESPACE, target.plan.next, minutes);
    readings.push(await guarded(gate, threshold, CLUSTER_SOURCES[gate], () => promql(clients, target, endpoint, query, window.to)));
  }
  return readings;
}

/** Every gate the plan sets, in the order of GATE_NAMES, read over `window`; a window under a minute has nothing to read yet. */
export async function readGates(clients: AzureClients, target: RolloutTarget, window: GateWindow): Promise<GateReading[]> {
  const gates = GATE_NAMES.flatMap((gate): [GateName, number][] => (target.plan.gates[gate] === undefined ? [] : [[gate, target.plan.gates[gate]!]]));
  if (window.to.getTime() - window.from.getTime() < 60_000) {
    return gates.map(([gate, threshold]) => reading(gate, threshold, "-", undefined, "the split was written less than a minute ago: there is nothing to read yet"));
  }
  return target.kind === "managed" ? managedGates(clients, target, window, gates) : clusterGates(clients, target, window, gates);
}
