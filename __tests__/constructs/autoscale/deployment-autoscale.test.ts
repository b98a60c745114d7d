import { Testing } from "cdktf";
import { DeploymentAutoscale, DEPLOYMENT_METRIC_NAMESPACE } from "../../../constructs/autoscale/deployment-autoscale";

test("rules read the deployment's own metrics and scale it in the configured direction, step and cooldown", () => {
  const resources = JSON.parse(
    Testing.synthScope(
      (scope) =>
        new DeploymentAutoscale(scope, "autoscale", {
          name: "autoscale-llm-blue",
          location: "eastus2",
          resourceGroupName: "rg",
          deploymentId: "/deployments/blue",
          capacity: { minimum: 2, default: 3, maximum: 8 },
          rules: [
            { metric: "RequestsPerMinute", direction: "out", operator: "GreaterThan", threshold: 600, statistic: "Max", windowMinutes: 10, changeCount: 2, cooldownMinutes: 5 },
            { metric: "GpuUtilizationPercentage", direction: "in", operator: "LessThan", threshold: 20, statistic: "Average", windowMinutes: 30, changeCount: 1, cooldownMinutes: 20 },
          ],
        }),
    ),
  ).resource;
  const setting = Object.values(resources.azurerm_monitor_autoscale_setting)[0] as any;
  expect(setting.target_resource_id).toBe("/deployments/blue");
  expect(setting.profile[0].capacity).toEqual({ minimum: 2, default: 3, maximum: 8 });
  expect(setting.profile[0].rule).toEqual([
    {
      metric_trigger: { metric_name: "RequestsPerMinute", metric_namespace: DEPLOYMENT_METRIC_NAMESPACE, metric_resource_id: "/deployments/blue", operator: "GreaterThan", statistic: "Max", time_aggregation: "Maximum", threshold: 600, time_grain: "PT1M", time_window: "PT10M" },
      scale_action: { direction: "Increase", type: "ChangeCount", value: 2, cooldown: "PT5M" },
    },
    {
      metric_trigger: { metric_name: "GpuUtilizationPercentage", metric_namespace: DEPLOYMENT_METRIC_NAMESPACE, metric_resource_id: "/deployments/blue", operator: "LessThan", statistic: "Average", time_aggregation: "Average", threshold: 20, time_grain: "PT1M", time_window: "PT30M" },
      scale_action: { direction: "Decrease", type: "ChangeCount", value: 1, cooldown: "PT20M" },
    },
  ]);
});
