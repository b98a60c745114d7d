/**
 * While an endpoint has a rollout plan, every gate of its plan is an alert on the deployment being rolled out, paging
 * the region's action group when the gate fails (the rollout stalls there): metric alerts and a log search alert for
 * managed deployments, Prometheus rules on the region's Azure Monitor workspace for the cluster's. That includes
 * `full`: its bake is the last proof before the plan and the old deployment are removed, and the old deployment is
 * still the rollback target.
 * What each gate measures: environments/schema/gate-metrics.ts (the same values `fhi rollout status` reads).
 */
import type { Construct } from "constructs";
import type { Environment, OnlineEndpointConfig, RegionConfig } from "../../environments/schema/config";
import { clusterGateQuery, MANAGED_GATE_METRICS, managedServerErrorQuery, SERVER_ERROR_PERCENT_COLUMN } from "../../environments/schema/gate-metrics";
import { releaseOf } from "../../environments/schema/releases";
import { currentStep, describeStep, GATE_NAMES, type GateName, type RolloutGates } from "../../environments/schema/rollout";
import type { MetricAlertRule } from "../../constructs/alerts/alerts";
import { LogQueryAlert } from "../../constructs/alerts/log-query-alert";
import { PrometheusAlerts, type PrometheusAlertRule } from "../../constructs/alerts/prometheus-alerts";
import type { OnlineEndpoint } from "../../constructs/online-endpoint/online-endpoint";

/** A rollout in flight, as its alerts name and describe it. */
export interface RolloutInFlight {
  readonly environment: string;
  readonly endpoint: string;
  /** The deployment being rolled out, and its release. */
  readonly deployment: string;
  readonly release: string;
  /** e.g. "step 1 of 5, canary 5 %". */
  readonly step: string;
  /** Canary and full answers reach patients: a failing gate there pages at severity 1; in shadow at 2. */
  readonly severity: 1 | 2;
  /** How long a gate must fail before paging (alerts.windowMinutes). */
  readonly windowMinutes: number;
  readonly gates: RolloutGates;
}

/** The endpoint's rollout, from its first step to the end of full's bake (the plan's removal); undefined without a plan. */
export function rolloutInFlight(env: Environment, endpoint: OnlineEndpointConfig): RolloutInFlight | undefined {
  const plan = endpoint.rollout;
  if (!plan) return undefined;
  const next = endpoint.deployments.find((deployment) => deployment.name === plan.next)!;
  const step = currentStep(plan);
  return {
    environment: env.name,
    endpoint: endpoint.name,
    deployment: next.name,
    release: releaseOf(env, next).id,
    step: `step ${plan.step} of ${plan.steps.length}, ${describeStep(step)}`,
    severity: step.kind === "shadow" ? 2 : 1,
    windowMinutes: env.alerts.windowMinutes,
    gates: plan.gates,
  };
}

const WHAT_FAILS: Readonly<Record<GateName, (threshold: number) => string>> = {
  p95LatencyMs: (threshold) => `a p95 latency above ${threshold} ms`,
  serverErrorPercent: (threshold) => `more than ${threshold} % of its requests failing with a server error`,
  gpuSaturationPercent: (threshold) => `GPU saturation above ${threshold} %`,
};

function describe(rollout: RolloutInFlight, gate: GateName, threshold: number): string {
  return `Rollout of ${rollout.endpoint} stalls: ${rollout.deployment} (release ${rollout.release}, ${rollout.step}) has ${WHAT_FAILS[gate](threshold)} for ${rollout.windowMinutes} min, so its gate fails. Check: fhi rollout status --env ${rollout.environment} --endpoint ${rollout.endpoint}; undo: fhi rollout rollback`;
}

/** A gate's alert name after its endpoint: `<endpoint>-rollout-p95-latency-ms`. */
export function gateKey(endpoint: string, gate: GateName): string {
  return `${endpoint}-rollout-${gate.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** The set gates of a rollout, with their thresholds. */
function setGates(rollout: RolloutInFlight): [GateName, number][] {
  return GATE_NAMES.flatMap((gate) => (rollout.gates[gate] === undefined ? [] : [[gate, rollout.gates[gate]!] as [GateName, number]]));
}

/** The metric alerts of the managed endpoints' rollouts in flight: the gates a deployment metric answers. */
export function managedRolloutMetricRules(env: Environment, region: RegionConfig, endpoints: Readonly<Record<string, OnlineEndpoint>>): MetricAlertRule[] {
  return region.endpoints.flatMap((config) => {
    const rollout = endpoints[config.name] && rolloutInFlight(env, config);
    if (!rollout) return [];
    const scope = endpoints[config.name].deployments[rollout.deployment].id;
    return setGates(rollout).flatMap(([gate, threshold]): MetricAlertRule[] => {
      if (gate === "serverErrorPercent") return [];
      const { namespace, metric, aggregation } = MANAGED_GATE_METRICS[gate];
      return [{ key: gateKey(config.name, gate), description: describe(rollout, gate, threshold), scope, metricNamespace: namespace, metricName: metric, aggregation, operator: "GreaterThan", threshold, windowMinutes: rollout.windowMinutes, severity: rollout.severity }];
    });
  });
}

export interface RolloutLogAlertsProps {
  readonly env: Environment;
  readonly region: RegionConfig;
  readonly endpoints: Readonly<Record<string, OnlineEndpoint>>;
  readonly namePrefix: string;
  readonly resourceGroupName: string;
  /** The region's Log Analytics workspace, where the endpoints' traffic logs land (their diagnostic settings). */
  readonly workspaceId: string;
  readonly actionGroupId: string;
}

/** The log search alerts of the managed endpoints' rollouts in flight: the share of 5xx answers. */
export function managedRolloutLogAlerts(scope: Construct, props: RolloutLogAlertsProps): LogQueryAlert[] {
  return props.region.endpoints.flatMap((config) => {
    const rollout = props.endpoints[config.name] && rolloutInFlight(props.env, config);
    const threshold = rollout?.gates.serverErrorPercent;
    if (!rollout || threshold === undefined) return [];
    const key = gateKey(config.name, "serverErrorPercent");
    return [
      new LogQueryAlert(scope, `alert-${key}`, {
        name: `${props.namePrefix}-${key}`,
        resourceGroupName: props.resourceGroupName,
        location: props.region.location,
        description: describe(rollout, "serverErrorPercent", threshold),
        workspaceId: props.workspaceId,
        query: managedServerErrorQuery(config.name, rollout.deployment),
        measureColumn: SERVER_ERROR_PERCENT_COLUMN,
        threshold,
        windowMinutes: rollout.windowMinutes,
        severity: rollout.severity,
        actionGroupId: props.actionGroupId,
      }),
    ];
  });
}

export interface ClusterRolloutAlertsProps {
  readonly env: Environment;
  readonly endpoint: OnlineEndpointConfig;
  readonly location: string;
  readonly namePrefix: string;
  readonly resourceGroupName: string;
  /** The Azure Monitor workspace Managed Prometheus writes the cluster's series to. */
  readonly workspaceId: string;
  readonly clusterName: string;
  /** The namespace the model servers run in. */
  readonly namespace: string;
  readonly actionGroupId: string;
}

/** The Prometheus alert rules of the cluster endpoint's rollout in flight, if any. */
export function clusterRolloutAlerts(scope: Construct, props: ClusterRolloutAlertsProps): PrometheusAlerts | undefined {
  const rollout = rolloutInFlight(props.env, props.endpoint);
  if (!rollout) return undefined;
  const rules = setGates(rollout).map(([gate, threshold]): PrometheusAlertRule => ({
    alert: gateKey(props.endpoint.name, gate),
    expression: `${clusterGateQuery(gate, props.namespace, rollout.deployment, rollout.windowMinutes)} > ${threshold}`,
    description: describe(rollout, gate, threshold),
    severity: rollout.severity,
    labels: { endpoint: rollout.endpoint, deployment: rollout.deployment, release: rollout.release },
  }));
  return new PrometheusAlerts(scope, `rollout-${props.endpoint.name}`, {
    name: `${props.namePrefix}-${props.endpoint.name}-rollout`,
    resourceGroupName: props.resourceGroupName,
    location: props.location,
    description: `Gates of the rollout of ${props.endpoint.name} to ${rollout.deployment} (release ${rollout.release}, ${rollout.step})`,
    workspaceId: props.workspaceId,
    clusterName: props.clusterName,
    actionGroupId: props.actionGroupId,
    rules,
  });
}
