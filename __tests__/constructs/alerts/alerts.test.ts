import { Testing } from "cdktf";
import { alertWindow, MetricAlerts, type MetricAlertsProps } from "../../../constructs/alerts/alerts";
import { deploymentAtMaxRule, endpointAlertRules, gpuPoolsSaturatedRule } from "../../../constructs/alerts/inference-rules";

const props: MetricAlertsProps = {
  resourceGroupName: "rg",
  namePrefix: "fhi-test-eus2",
  actionGroup: { name: "ag-test", shortName: "fhi-test", emails: { oncall: "oncall@hospital.example" }, webhooks: { pager: "https://pager.example/hook" } },
  rules: [
    ...endpointAlertRules("llm", "/endpoints/llm", { latencyP95Ms: 4000, serverErrorsPerMinute: 3, windowMinutes: 5 }),
    deploymentAtMaxRule("llm", "blue", "/deployments/blue", 8, 30),
    gpuPoolsSaturatedRule("aks-test", "/clusters/aks", 15),
  ],
};

test("every alert pages the action group, resolves itself and looks back over its window", () => {
  const resources = JSON.parse(Testing.synthScope((scope) => new MetricAlerts(scope, "alerts", props))).resource;
  const group = Object.values(resources.azurerm_monitor_action_group)[0] as any;
  expect(group).toMatchObject({ location: "global", short_name: "fhi-test", email_receiver: [{ name: "oncall", email_address: "oncall@hospital.example", use_common_alert_schema: true }] });
  expect(group.webhook_receiver).toEqual([{ name: "pager", service_uri: "https://pager.example/hook", use_common_alert_schema: true }]);
  const alerts = Object.fromEntries((Object.values(resources.azurerm_monitor_metric_alert) as any[]).map((alert) => [alert.name, alert]));
  expect(Object.keys(alerts).sort()).toEqual(["fhi-test-eus2-aks-test-gpu-pools-at-max", "fhi-test-eus2-llm-5xx", "fhi-test-eus2-llm-blue-at-max", "fhi-test-eus2-llm-latency-p95"]);
  expect(alerts["fhi-test-eus2-llm-blue-at-max"]).toMatchObject({ scopes: ["/deployments/blue"], window_size: "PT30M", frequency: "PT5M", auto_mitigate: true, criteria: [{ metric_name: "DeploymentCapacity", aggregation: "Minimum", operator: "GreaterThanOrEqual", threshold: 8 }] });
  expect(alerts["fhi-test-eus2-aks-test-gpu-pools-at-max"]).toMatchObject({ scopes: ["/clusters/aks"], window_size: "PT15M", criteria: [{ metric_namespace: "Microsoft.ContainerService/managedClusters", threshold: 0 }] });
  expect(alerts["fhi-test-eus2-llm-latency-p95"].criteria[0]).toMatchObject({ metric_name: "RequestLatency_P95", threshold: 4000 });
  for (const alert of Object.values(alerts) as any[]) expect(alert.action).toEqual([{ action_group_id: expect.stringMatching(/azurerm_monitor_action_group/) }]);
});

test("an action group without receivers is refused: it would page no one", () => {
  expect(() => Testing.synthScope((scope) => new MetricAlerts(scope, "alerts", { ...props, actionGroup: { ...props.actionGroup, emails: {}, webhooks: {} } }))).toThrow(/has no receiver/);
});

test("windows round up to the ones Azure Monitor offers", () => {
  expect([1, 4, 5, 7, 45, 90, 2000].map(alertWindow)).toEqual(["PT1M", "PT5M", "PT5M", "PT15M", "PT1H", "PT6H", "PT24H"]);
});
