/**
 * The alerts that page when a rollout stalls on a failing gate: one rule per gate, on the metrics of the deployment
 * being rolled out. Managed deployments: Azure ML's deployment metrics (Azure Monitor "supported metrics" for
 * onlineEndpoints/deployments: `RequestLatency_P95`, `GpuUtilizationPercentage`) and, for the share of 5xx answers
 * that no metric gives, its traffic log (`AmlOnlineEndpointTrafficLog`: EndpointName, DeploymentName, ResponseCode).
 * Cluster deployments: vLLM's own series as Managed Prometheus keeps them (vLLM production metrics:
 * `vllm:e2e_request_latency_seconds`, `vllm:request_success_total` by `finished_reason`, where `error` is a request
 * vLLM answers with 500, and `vllm:kv_cache_usage_perc`, the KV cache's fill, 0 to 1).
 */
import type { MetricAlertRule } from "./alerts";
import type { PrometheusAlertRule } from "./prometheus-alerts";
import { DEPLOYMENT_METRIC_NAMESPACE } from "../autoscale/deployment-autoscale";

/** Thresholds above which a gate fails; at least one is set. */
export interface GateThresholds {
  readonly p95LatencyMs?: number;
  readonly serverErrorPercent?: number;
  readonly gpuSaturationPercent?: number;
}

/** The rollout the alerts are about, for names and descriptions. */
export interface RolloutSubject {
  readonly environment: string;
  readonly endpoint: string;
  /** The deployment being rolled out. */
  readonly deployment: string;
  /** Its release, e.g. clinical-llm-2. */
  readonly release: string;
  /** The step it is at, e.g. "canary 10 %". */
  readonly step: string;
  /** Patients see its answers (canary) or only a copy of their requests reaches it (shadow). */
  readonly answersPatients: boolean;
  /** How long a gate must fail before paging. */
  readonly windowMinutes: number;
}

/** Canary answers reach patients, so a failing gate there is more urgent than in shadow. */
export function gateSeverity(subject: RolloutSubject): 1 | 2 {
  return subject.answersPatients ? 1 : 2;
}

function describe(subject: RolloutSubject, what: string): string {
  return `Rollout of ${subject.endpoint} stalls: ${subject.deployment} (release ${subject.release}, ${subject.step}) has ${what} for ${subject.windowMinutes} min, so its gate fails. Check: fhi rollout status --env ${subject.environment} --endpoint ${subject.endpoint}; undo: fhi rollout rollback`;
}

/** Key of a gate's alert, part of its name: `<endpoint>-rollout-<gate>`. */
export function gateKey(subject: RolloutSubject, gate: keyof GateThresholds): string {
  return `${subject.endpoint}-rollout-${gate.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** The metric alerts of a managed deployment's latency and GPU gates, on the deployment resource. */
export function managedGateRules(subject: RolloutSubject, deploymentId: string, gates: GateThresholds): MetricAlertRule[] {
  const rules: MetricAlertRule[] = [];
  const base = { scope: deploymentId, metricNamespace: DEPLOYMENT_METRIC_NAMESPACE, aggregation: "Average" as const, operator: "GreaterThan" as const, windowMinutes: subject.windowMinutes, severity: gateSeverity(subject) };
  if (gates.p95LatencyMs !== undefined) {
    rules.push({ ...base, key: gateKey(subject, "p95LatencyMs"), metricName: "RequestLatency_P95", threshold: gates.p95LatencyMs, description: describe(subject, `a p95 latency above ${gates.p95LatencyMs} ms`) });
  }
  if (gates.gpuSaturationPercent !== undefined) {
    rules.push({ ...base, key: gateKey(subject, "gpuSaturationPercent"), metricName: "GpuUtilizationPercentage", threshold: gates.gpuSaturationPercent, description: describe(subject, `GPU utilization above ${gates.gpuSaturationPercent} %`) });
  }
  return rules;
}

/** The column the managed error-share query measures. */
export const SERVER_ERROR_PERCENT_COLUMN = "ServerErrorPercent";

/** KQL: the share of a managed deployment's requests answered 5xx over the alert's window (no row without requests). */
export function managedServerErrorQuery(endpoint: string, deployment: string): string {
  return [
    "AmlOnlineEndpointTrafficLog",
    `| where EndpointName == "${endpoint}" and DeploymentName == "${deployment}"`,
    "| summarize Requests = count(), ServerErrors = countif(toint(ResponseCode) >= 500)",
    "| where Requests > 0",
    `| extend ${SERVER_ERROR_PERCENT_COLUMN} = 100.0 * ServerErrors / Requests`,
  ].join("\n");
}

export function managedServerErrorDescription(subject: RolloutSubject, percent: number): string {
  return describe(subject, `more than ${percent} % of its answers 5xx`);
}

/** The Prometheus alert rules of a cluster deployment's gates; `series` are the label matchers of its model servers. */
export function clusterGateRules(subject: RolloutSubject, series: string, gates: GateThresholds): PrometheusAlertRule[] {
  const range = `${subject.windowMinutes}m`;
  const rules: PrometheusAlertRule[] = [];
  const base = { severity: gateSeverity(subject), labels: { endpoint: subject.endpoint, deployment: subject.deployment, release: subject.release } };
  if (gates.p95LatencyMs !== undefined) {
    rules.push({
      ...base,
      alert: gateKey(subject, "p95LatencyMs"),
      expression: `histogram_quantile(0.95, sum by (le) (rate(vllm:e2e_request_latency_seconds_bucket{${series}}[${range}]))) * 1000 > ${gates.p95LatencyMs}`,
      description: describe(subject, `a p95 latency above ${gates.p95LatencyMs} ms`),
    });
  }
  if (gates.serverErrorPercent !== undefined) {
    rules.push({
      ...base,
      alert: gateKey(subject, "serverErrorPercent"),
      expression: `100 * sum(rate(vllm:request_success_total{${series},finished_reason="error"}[${range}])) / sum(rate(vllm:request_success_total{${series}}[${range}])) > ${gates.serverErrorPercent}`,
      description: describe(subject, `more than ${gates.serverErrorPercent} % of its requests failing with an internal error`),
    });
  }
  if (gates.gpuSaturationPercent !== undefined) {
    rules.push({
      ...base,
      alert: gateKey(subject, "gpuSaturationPercent"),
      expression: `100 * avg(avg_over_time(vllm:kv_cache_usage_perc{${series}}[${range}])) > ${gates.gpuSaturationPercent}`,
      description: describe(subject, `its KV cache more than ${gates.gpuSaturationPercent} % full`),
    });
  }
  return rules;
}
