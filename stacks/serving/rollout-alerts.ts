/**
 * While an endpoint's rollout is short of `full`, every gate of its plan is an alert on the deployment being rolled
 * out, paging the region's action group when the gate fails (the rollout stalls there): metric alerts and a log
 * search alert for managed deployments, Prometheus rules on the region's Azure Monitor workspace for the cluster's.
 */
import type { Construct } from "constructs";
import type { Environment, OnlineEndpointConfig, RegionConfig } from "../../environments/schema/config";
import { releaseOf } from "../../environments/schema/releases";
import { currentStep, describeStep } from "../../environments/schema/rollout";
import type { MetricAlertRule } from "../../constructs/alerts/alerts";
import { LogQueryAlert } from "../../constructs/alerts/log-query-alert";
import { PrometheusAlerts } from "../../constructs/alerts/prometheus-alerts";
import { clusterGateRules, gateKey, gateSeverity, managedGateRules, managedServerErrorDescription, managedServerErrorQuery, SERVER_ERROR_PERCENT_COLUMN, type RolloutSubject } from "../../constructs/alerts/rollout-rules";
import { deploymentSeries } from "../../constructs/model-serving/manifests";
import type { OnlineEndpoint } from "../../constructs/online-endpoint/online-endpoint";

/** The endpoint's rollout while it is short of `full`, as the alerts name it; undefined otherwise. */
export function rolloutInFlight(env: Environment, endpoint: OnlineEndpointConfig): { subject: RolloutSubject; gates: NonNullable<OnlineEndpointConfig["rollout"]>["gates"] } | undefined {
  const plan = endpoint.rollout;
  if (!plan || currentStep(plan).kind === "full") return undefined;
  const next = endpoint.deployments.find((deployment) => deployment.name === plan.next)!;
  const step = currentStep(plan);
  return {
    subject: {
      environment: env.name,
      endpoint: endpoint.name,
      deployment: next.name,
      release: releaseOf(env, next).id,
      step: `step ${plan.step} of ${plan.steps.length}, ${describeStep(step)}`,
      answersPatients: step.kind !== "shadow",
      windowMinutes: env.alerts.windowMinutes,
    },
    gates: plan.gates,
  };
}

/** The metric alerts of the managed endpoints' rollouts in flight: latency and GPU gates. */
export function managedRolloutMetricRules(env: Environment, region: RegionConfig, endpoints: Readonly<Record<string, OnlineEndpoint>>): MetricAlertRule[] {
  return region.endpoints.flatMap((config) => {
    const endpoint = endpoints[config.name];
    const rollout = endpoint && rolloutInFlight(env, config);
    return rollout ? managedGateRules(rollout.subject, endpoint.deployments[rollout.subject.deployment].id, rollout.gates) : [];
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
    const percent = rollout?.gates.serverErrorPercent;
    if (!rollout || percent === undefined) return [];
    const key = gateKey(rollout.subject, "serverErrorPercent");
    return [
      new LogQueryAlert(scope, `alert-${key}`, {
        name: `${props.namePrefix}-${key}`,
        resourceGroupName: props.resourceGroupName,
        location: props.region.location,
        description: managedServerErrorDescription(rollout.subject, percent),
        workspaceId: props.workspaceId,
        query: managedServerErrorQuery(config.name, rollout.subject.deployment),
        measureColumn: SERVER_ERROR_PERCENT_COLUMN,
        threshold: percent,
        windowMinutes: rollout.subject.windowMinutes,
        severity: gateSeverity(rollout.subject),
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
  return new PrometheusAlerts(scope, `rollout-${props.endpoint.name}`, {
    name: `${props.namePrefix}-${props.endpoint.name}-rollout`,
    resourceGroupName: props.resourceGroupName,
    location: props.location,
    description: `Gates of the rollout of ${props.endpoint.name} to ${rollout.subject.deployment} (release ${rollout.subject.release}, ${rollout.subject.step})`,
    workspaceId: props.workspaceId,
    clusterName: props.clusterName,
    actionGroupId: props.actionGroupId,
    rules: clusterGateRules(rollout.subject, deploymentSeries(props.namespace, rollout.subject.deployment), rollout.gates),
  });
}
