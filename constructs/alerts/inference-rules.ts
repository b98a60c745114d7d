/**
 * The alerts that matter for serving the model, as rules on the metrics Azure ML and AKS emit
 * (Azure Monitor "supported metrics" for onlineEndpoints, onlineEndpoints/deployments and managedClusters).
 */
import type { MetricAlertRule } from "./alerts";
import { DEPLOYMENT_METRIC_NAMESPACE } from "../autoscale/deployment-autoscale";

export const ENDPOINT_METRIC_NAMESPACE = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints";
export const CLUSTER_METRIC_NAMESPACE = "Microsoft.ContainerService/managedClusters";

export interface EndpointAlertThresholds {
  readonly latencyP95Ms: number;
  readonly serverErrorsPerMinute: number;
  readonly windowMinutes: number;
}

/** p95 latency and 5xx responses of one endpoint, across its deployments. */
export function endpointAlertRules(endpointName: string, endpointId: string, thresholds: EndpointAlertThresholds): MetricAlertRule[] {
  return [
    {
      key: `${endpointName}-latency-p95`,
      description: `p95 latency of ${endpointName} above ${thresholds.latencyP95Ms} ms for ${thresholds.windowMinutes} min: clinicians are waiting`,
      scope: endpointId,
      metricNamespace: ENDPOINT_METRIC_NAMESPACE,
      metricName: "RequestLatency_P95",
      aggregation: "Average",
      operator: "GreaterThan",
      threshold: thresholds.latencyP95Ms,
      windowMinutes: thresholds.windowMinutes,
      severity: 2,
    },
    {
      key: `${endpointName}-5xx`,
      description: `${endpointName} answers more than ${thresholds.serverErrorsPerMinute} requests a minute with 5xx`,
      scope: endpointId,
      metricNamespace: ENDPOINT_METRIC_NAMESPACE,
      metricName: "RequestsPerMinute",
      aggregation: "Average",
      operator: "GreaterThan",
      threshold: thresholds.serverErrorsPerMinute,
      windowMinutes: thresholds.windowMinutes,
      severity: 1,
      dimensions: [{ name: "statusCodeClass", operator: "Include", values: ["5xx"] }],
    },
  ];
}

/** A deployment pinned at its maximum: autoscale has nothing left to give and on-call must decide. */
export function deploymentAtMaxRule(endpointName: string, deploymentName: string, deploymentId: string, maxInstances: number, minutes: number): MetricAlertRule {
  return {
    key: `${endpointName}-${deploymentName}-at-max`,
    description: `${endpointName}/${deploymentName} has run at its maximum of ${maxInstances} instances for ${minutes} min`,
    scope: deploymentId,
    metricNamespace: DEPLOYMENT_METRIC_NAMESPACE,
    metricName: "DeploymentCapacity",
    aggregation: "Minimum",
    operator: "GreaterThanOrEqual",
    threshold: maxInstances,
    windowMinutes: minutes,
    severity: 2,
  };
}

/**
 * GPU pools at their maximum: the cluster autoscaler has pods it cannot place (every GPU pool is at maxCount or
 * Azure has no capacity) for the whole window. AKS's platform metrics carry no node-pool dimension, so the signal
 * is the autoscaler's own count of unschedulable pods, which only rises when it cannot add a node.
 */
export function gpuPoolsSaturatedRule(clusterName: string, clusterId: string, minutes: number): MetricAlertRule {
  return {
    key: `${clusterName}-gpu-pools-at-max`,
    description: `${clusterName}: pods unschedulable for ${minutes} min, GPU pools are at their maximum node count or out of capacity`,
    scope: clusterId,
    metricNamespace: CLUSTER_METRIC_NAMESPACE,
    metricName: "cluster_autoscaler_unschedulable_pods_count",
    aggregation: "Minimum",
    operator: "GreaterThan",
    threshold: 0,
    windowMinutes: minutes,
    severity: 2,
  };
}
