/**
 * What each rollout gate measures on the deployment being rolled out, in one place: the inference stack's alerts
 * compare these to the gates' thresholds, and `fhi rollout status` reads the same values live.
 *
 * Managed deployments (Azure ML): Azure Monitor's metrics of Microsoft.MachineLearningServices/workspaces/
 * onlineEndpoints/deployments (`RequestLatency_P95` in ms, `GpuUtilizationPercentage`); no metric is a share of
 * answers, so the 5xx share comes from the endpoint's traffic log in Log Analytics (`AmlOnlineEndpointTrafficLog`:
 * EndpointName, DeploymentName, ResponseCode, the final code returned to the client).
 *
 * Cluster deployments: vLLM's own series as Managed Prometheus keeps them (vLLM "Production Metrics"):
 * `vllm:e2e_request_latency_seconds` (histogram), `vllm:request_success_total` by `finished_reason`, where `error`
 * is a request-level internal error vLLM always answers with 500 (vllm/v1/engine FinishReason), and
 * `vllm:kv_cache_usage_perc` (the KV cache's fill, 0 to 1; its old name `vllm:gpu_cache_usage_perc` was deprecated in
 * 0.9 and is gone from the v0.28 images/model-server pins).
 */
import type { GateName } from "./rollout";

export const MANAGED_DEPLOYMENT_NAMESPACE = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments";

/** The Azure Monitor metric of a managed deployment that a gate compares, averaged over the window. */
export interface ManagedGateMetric {
  readonly namespace: typeof MANAGED_DEPLOYMENT_NAMESPACE;
  readonly metric: string;
  readonly aggregation: "Average";
}

/** The gates a metric of the deployment resource answers; `serverErrorPercent` needs the traffic log (below). */
export const MANAGED_GATE_METRICS: Readonly<Record<Exclude<GateName, "serverErrorPercent">, ManagedGateMetric>> = {
  p95LatencyMs: { namespace: MANAGED_DEPLOYMENT_NAMESPACE, metric: "RequestLatency_P95", aggregation: "Average" },
  gpuSaturationPercent: { namespace: MANAGED_DEPLOYMENT_NAMESPACE, metric: "GpuUtilizationPercentage", aggregation: "Average" },
};

/** The column the managed 5xx-share query measures. */
export const SERVER_ERROR_PERCENT_COLUMN = "ServerErrorPercent";

/** KQL: the share (%) of a managed deployment's requests answered 5xx over the query's time range; no row without requests. */
export function managedServerErrorQuery(endpoint: string, deployment: string): string {
  return [
    "AmlOnlineEndpointTrafficLog",
    `| where EndpointName == "${endpoint}" and DeploymentName == "${deployment}"`,
    "| summarize Requests = count(), ServerErrors = countif(toint(ResponseCode) >= 500)",
    "| where Requests > 0",
    `| extend ${SERVER_ERROR_PERCENT_COLUMN} = 100.0 * ServerErrors / Requests`,
  ].join("\n");
}

/**
 * The label that names a model pod's deployment on its series: the pod label `fhi.health/model-deployment`
 * (constructs/model-serving/manifests.ts) as Prometheus writes label names.
 */
export const PROMETHEUS_DEPLOYMENT_LABEL = "fhi_health_model_deployment";

/** PromQL label matchers of one deployment's model-server series. */
export function deploymentSeries(namespace: string, deployment: string): string {
  return `namespace="${namespace}",${PROMETHEUS_DEPLOYMENT_LABEL}="${deployment}"`;
}

/** PromQL giving a cluster deployment's value of `gate` over the last `windowMinutes`, in the gate's unit. */
export function clusterGateQuery(gate: GateName, namespace: string, deployment: string, windowMinutes: number): string {
  const series = deploymentSeries(namespace, deployment);
  const range = `${windowMinutes}m`;
  switch (gate) {
    case "p95LatencyMs":
      return `histogram_quantile(0.95, sum by (le) (rate(vllm:e2e_request_latency_seconds_bucket{${series}}[${range}]))) * 1000`;
    case "serverErrorPercent":
      return `100 * sum(rate(vllm:request_success_total{${series},finished_reason="error"}[${range}])) / sum(rate(vllm:request_success_total{${series}}[${range}]))`;
    case "gpuSaturationPercent":
      return `100 * avg(avg_over_time(vllm:kv_cache_usage_perc{${series}}[${range}]))`;
  }
}
