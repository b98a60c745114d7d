import { Construct } from "constructs";
import { MonitorAutoscaleSetting } from "@cdktf/provider-azurerm/lib/monitor-autoscale-setting";
import type { ResourcePlacement } from "../shared";

/** Azure Monitor's namespace for the metrics of an Azure ML online deployment. */
export const DEPLOYMENT_METRIC_NAMESPACE = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments";

export interface ScaleRuleProps {
  /** A metric the deployment emits, e.g. GpuUtilizationPercentage, RequestLatency_P95. */
  readonly metric: string;
  readonly direction: "out" | "in";
  readonly operator: "GreaterThan" | "GreaterThanOrEqual" | "LessThan" | "LessThanOrEqual";
  readonly threshold: number;
  readonly statistic: "Average" | "Max" | "Min";
  readonly windowMinutes: number;
  readonly changeCount: number;
  readonly cooldownMinutes: number;
}

export interface DeploymentAutoscaleProps extends ResourcePlacement {
  /** ARM ID of the managed online deployment: both the scaled resource and the metrics' source. */
  readonly deploymentId: string;
  readonly capacity: { readonly minimum: number; readonly default: number; readonly maximum: number };
  readonly rules: readonly ScaleRuleProps[];
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Azure Monitor autoscale for a managed online deployment. It changes the deployment's `sku.capacity`, which the
 * deployment resource ignores in Terraform, so a scale-out at 3 a.m. is never undone by the next apply.
 */
export class DeploymentAutoscale extends Construct {
  readonly setting: MonitorAutoscaleSetting;

  constructor(scope: Construct, id: string, props: DeploymentAutoscaleProps) {
    super(scope, id);
    this.setting = new MonitorAutoscaleSetting(this, "setting", {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      targetResourceId: props.deploymentId,
      enabled: true,
      profile: [
        {
          name: "default",
          capacity: props.capacity,
          rule: props.rules.map((rule) => ({
            metricTrigger: {
              metricName: rule.metric,
              metricNamespace: DEPLOYMENT_METRIC_NAMESPACE,
              metricResourceId: props.deploymentId,
              operator: rule.operator,
              statistic: rule.statistic,
              timeAggregation: rule.statistic === "Average" ? "Average" : rule.statistic === "Max" ? "Maximum" : "Minimum",
              threshold: rule.threshold,
              timeGrain: "PT1M",
              timeWindow: `PT${rule.windowMinutes}M`,
            },
            scaleAction: {
              direction: rule.direction === "out" ? "Increase" : "Decrease",
              type: "ChangeCount",
              value: rule.changeCount,
              cooldown: `PT${rule.cooldownMinutes}M`,
            },
          })),
        },
      ],
      tags: props.tags ? { ...props.tags } : undefined,
    });
  }
}
