import { parseAllDocuments } from "yaml";
import { pilot } from "../../environments/pilot";
import { prod } from "../../environments/prod";
import { rollingOut, synthesized, validated } from "../fixtures/releases";
import { SynthesizedTerraform, walkEnvironment } from "../../stacks/request-path-walk";
import { DEPLOYMENT_LABEL } from "../../constructs/model-serving/manifests";
import { PROMETHEUS_DEPLOYMENT_LABEL } from "../../environments/schema/gate-metrics";

type Json = Record<string, any>;

const resources = (stack: Json, type: string): [string, Json][] => Object.entries(stack.resource?.[type] ?? {});
const one = (stack: Json, type: string, test: (block: Json) => boolean = () => true): Json => {
  const found = resources(stack, type).filter(([, block]) => test(block));
  if (found.length !== 1) throw new Error(`${found.length} ${type} match`);
  return found[0][1];
};
const keyOf = (stack: Json, type: string, test: (block: Json) => boolean) => resources(stack, type).find(([, block]) => test(block))![0];
const ML = "Microsoft.MachineLearningServices/workspaces";
const isArm = (block: Json, type: string) => String(block.type).startsWith(`${type}@`);
/** Kubernetes objects of a manifest blob, as Flux receives them before its substitution (Terraform's `$${` unescaped). */
const manifests = (stack: Json, file: string): Json[] =>
  parseAllDocuments(String(one(stack, "azurerm_storage_blob", (blob) => String(blob.name).endsWith(`/${file}`)).source_content).replace(/\$\$\{/g, "${")).map((document) => document.toJS());

describe("prod, rolling out clinical-llm-2: shadow (step 0) and canary (step 1) synthesized", () => {
  const shadow = synthesized([validated(rollingOut(prod, 0), "prod")]).stacks["prod-eastus2-inference"];
  const { stacks } = synthesized([validated(rollingOut(prod, 1), "prod")]);
  const canary = stacks["prod-eastus2-inference"];
  const full = synthesized([validated(rollingOut(prod, 4), "prod")]).stacks["prod-eastus2-inference"];
  const greenKey = (stack: Json) => keyOf(stack, "azapi_resource", (block) => isArm(block, `${ML}/onlineEndpoints/deployments`) && block.name === "green");

  test("shadow: live traffic stays on blue, Azure ML copies 20 % to green (API 2023-04-01's mirrorTraffic)", () => {
    const traffic = one(shadow, "azapi_update_resource");
    expect(traffic.type).toBe(`${ML}/onlineEndpoints@2023-04-01`);
    expect(traffic.body.properties).toEqual({ traffic: { blue: 100, green: 0 }, mirrorTraffic: { blue: 0, green: 20 } });
  });

  test("canary: 5 % of requests answered by green, nothing mirrored", () => {
    expect(one(canary, "azapi_update_resource").body.properties).toEqual({ traffic: { blue: 95, green: 5 }, mirrorTraffic: { blue: 0, green: 0 } });
  });

  test("green runs clinical-llm-2: its own model version and its own image, beside blue's", () => {
    const versions = resources(canary, "azapi_resource").filter(([, block]) => isArm(block, `${ML}/models/versions`));
    expect(versions.map(([, block]) => [block.name, block.body.properties.properties.weightsSha256])).toEqual([["1", "9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f6e8a0c2e4a6b8d0f2e4c6a8b0d"], ["2", "2a".repeat(32)]]);
    const green = one(canary, "azapi_resource", (block) => isArm(block, `${ML}/onlineEndpoints/deployments`) && block.name === "green");
    expect(green.body.properties.model).toBe(`\${azapi_resource.${versions[1][0]}.id}`);
    expect(green.body.properties.environmentVariables).toMatchObject({ WEIGHTS_SHA256: "2a".repeat(32), SERVED_MODEL_NAME: "clinical-llm" });
    const environment = resources(canary, "azapi_resource").find(([key]) => green.body.properties.environmentId === `\${azapi_resource.${key}.id}`)![1];
    expect(environment.body.properties.image).toMatch(new RegExp(`/model-server@sha256:${"7e".repeat(32)}$`));
  });

  test("latency and GPU gates are metric alerts on green's deployment, paging the region's action group; canary pages at severity 1, shadow at 2", () => {
    const alerts = resources(canary, "azurerm_monitor_metric_alert").map(([, block]) => block).filter((block) => block.name.includes("-rollout-"));
    expect(alerts.map((alert) => [alert.name, alert.criteria[0].metric_name, alert.criteria[0].threshold, alert.criteria[0].operator, alert.severity]).sort()).toEqual([
      ["fhi-prod-eus2-fhi-llm-us-rollout-gpu-saturation-percent", "GpuUtilizationPercentage", 90, "GreaterThan", 1],
      ["fhi-prod-eus2-fhi-llm-us-rollout-p95-latency-ms", "RequestLatency_P95", 4000, "GreaterThan", 1],
    ]);
    for (const alert of alerts) {
      expect(alert.scopes).toEqual([`\${azapi_resource.${greenKey(canary)}.id}`]);
      expect(alert.criteria[0].metric_namespace).toBe(`${ML}/onlineEndpoints/deployments`);
      expect(alert.action[0].action_group_id).toMatch(/azurerm_monitor_action_group\./);
      expect(alert.description).toContain("fhi rollout status --env prod --endpoint fhi-llm-us");
    }
    expect(resources(shadow, "azurerm_monitor_metric_alert").filter(([, block]) => block.name.includes("-rollout-")).map(([, block]) => block.severity)).toEqual([2, 2]);
  });

  test("the 5xx gate is a log search alert on green's share of 5xx answers in the endpoint's traffic log", () => {
    const alert = one(canary, "azurerm_monitor_scheduled_query_rules_alert_v2");
    expect(alert).toMatchObject({ name: "fhi-prod-eus2-fhi-llm-us-rollout-server-error-percent", location: "eastus2", severity: 1, evaluation_frequency: "PT5M", window_duration: "PT5M", auto_mitigation_enabled: true, skip_query_validation: true });
    expect(alert.scopes).toEqual([expect.stringContaining("log_analytics_workspace")]);
    expect(alert.criteria).toEqual([{ query: expect.any(String), time_aggregation_method: "Maximum", metric_measure_column: "ServerErrorPercent", operator: "GreaterThan", threshold: 0.5 }]);
    expect(alert.criteria[0].query).toContain('| where EndpointName == "fhi-llm-us" and DeploymentName == "green"');
    expect(alert.criteria[0].query).toContain("countif(toint(ResponseCode) >= 500)");
    expect(alert.action.action_groups).toEqual([expect.stringMatching(/azurerm_monitor_action_group\./)]);
  });

  test("at full the gates still page through its bake, at severity 1 (green answers every request), beside the endpoint's own alerts", () => {
    const gates = resources(full, "azurerm_monitor_metric_alert").map(([, block]) => block).filter((block) => block.name.includes("-rollout-"));
    expect(gates.map((alert) => [alert.name, alert.severity]).sort()).toEqual([
      ["fhi-prod-eus2-fhi-llm-us-rollout-gpu-saturation-percent", 1],
      ["fhi-prod-eus2-fhi-llm-us-rollout-p95-latency-ms", 1],
    ]);
    expect(gates[0].description).toContain("step 4 of 5, full");
    expect(one(full, "azurerm_monitor_scheduled_query_rules_alert_v2")).toMatchObject({ name: "fhi-prod-eus2-fhi-llm-us-rollout-server-error-percent", severity: 1 });
    expect(resources(full, "azurerm_monitor_metric_alert").map(([, block]) => block.name)).toContain("fhi-prod-eus2-fhi-llm-us-latency-p95");
  });

  test("once the plan is removed (the rollout is over) no gate alert remains", () => {
    const done = structuredClone(rollingOut(prod, 4));
    for (const region of done.regions) for (const endpoint of region.endpoints) delete endpoint.rollout;
    const stack = synthesized([validated(done, "prod")]).stacks["prod-eastus2-inference"];
    expect(resources(stack, "azurerm_monitor_scheduled_query_rules_alert_v2")).toEqual([]);
    expect(resources(stack, "azurerm_monitor_metric_alert").filter(([, block]) => block.name.includes("-rollout-"))).toEqual([]);
  });

  test("the serving record says which release each deployment runs, the evidence that let it in, and the plan", () => {
    const record = one(canary, "terraform_data").input;
    expect(record).toMatchObject({ kind: "fhi.serving-record/v1", environment: "prod", endpoint: "fhi-llm-us", rollout: { current: "blue", next: "green", rollbackTo: "blue", step: 1, gates: { p95LatencyMs: 4000, serverErrorPercent: 0.5, gpuSaturationPercent: 90 } } });
    expect(record.deployments.green).toEqual({
      release: "clinical-llm-2",
      model: "clinical-llm v2",
      image: `model-server@sha256:${"7e".repeat(32)}`,
      trafficPercent: 5,
      mirrorPercent: 0,
      evidence: { after: "pilot", minDaysServed: 14, servedSince: "2026-11-02", signedOffBy: "Dr Lars Eriksson <lars.eriksson@hospital.example>", signedOffAt: "2026-11-27", evaluation: "https://docs.hospital.example/clinical-ai/evaluations/clinical-llm-2/prod-entry", provenOn: "2026-11-27" },
    });
    expect(one(shadow, "terraform_data").input.deployments.green).toMatchObject({ trafficPercent: 0, mirrorPercent: 20 });
  });
});

describe("pilot's cluster, rolling out clinical-llm-2 at its shadow step", () => {
  const stack = synthesized([validated(rollingOut(pilot, 0), "pilot")]).stacks["pilot-swedencentral-inference"];

  test("each deployment's traffic share and the mirrored share are Flux post-build variables, which fhi rollout changes through ARM", () => {
    const [kustomization] = one(stack, "azurerm_kubernetes_flux_configuration").kustomizations;
    expect(kustomization.post_build.substitute).toMatchObject({ BLUE_TRAFFIC_PERCENT: "100", GREEN_TRAFFIC_PERCENT: "0", MIRROR_PERCENT: "20" });
  });

  test("the router splits by the variables and copies MIRROR_PERCENT % to green; its pods restart when Flux substitutes new values", () => {
    const objects = manifests(stack, "router.yaml");
    const envoy = JSON.parse(objects.find((object) => object.kind === "ConfigMap")!.data["envoy.yaml"]);
    const route = envoy.static_resources.listeners[0].filter_chains[0].filters[0].typed_config.route_config.virtual_hosts[0].routes.find((candidate: Json) => candidate.route);
    expect(route.route.weighted_clusters.clusters).toEqual([{ name: "model-blue", weight: "${BLUE_TRAFFIC_PERCENT}" }, { name: "model-green", weight: "${GREEN_TRAFFIC_PERCENT}" }]);
    expect(route.route.request_mirror_policies).toEqual([{ cluster: "model-green", runtime_fraction: { default_value: { numerator: "${MIRROR_PERCENT}", denominator: "HUNDRED" } } }]);
    const router = objects.find((object) => object.kind === "Deployment")!;
    expect(router.spec.template.metadata.annotations["fhi.health/traffic"]).toBe("blue=${BLUE_TRAFFIC_PERCENT},green=${GREEN_TRAFFIC_PERCENT},mirror=${MIRROR_PERCENT}");
  });

  test("green copies clinical-llm-2's weights and runs its image", () => {
    const green = manifests(stack, "model-servers.yaml").find((object) => object.kind === "Deployment" && object.metadata.name === "model-green")!;
    const init = green.spec.template.spec.initContainers[0];
    expect(init.command.slice(-2)).toEqual(["clinical-llm/2/", "/models/current"]);
    expect(green.spec.template.spec.containers[0].image).toMatch(new RegExp(`/model-server@sha256:${"7e".repeat(32)}$`));
  });

  test("the gate queries select the series the PodMonitor labels (the label KEDA reads the queue by, too)", () => {
    expect(PROMETHEUS_DEPLOYMENT_LABEL).toBe(DEPLOYMENT_LABEL.replace(/[./-]/g, "_"));
    const monitor = manifests(stack, "model-servers.yaml").find((object) => object.kind === "PodMonitor")!;
    expect(monitor.spec.podTargetLabels).toEqual([DEPLOYMENT_LABEL]);
    const scaler = manifests(stack, "model-servers.yaml").find((object) => object.kind === "ScaledObject" && object.metadata.name === "model-green")!;
    expect(scaler.spec.triggers[0].metadata.query).toContain(`${PROMETHEUS_DEPLOYMENT_LABEL}="green"`);
  });

  test("the gates are Prometheus rules on the region's Azure Monitor workspace over green's vLLM series, paging the action group", () => {
    const group = one(stack, "azurerm_monitor_alert_prometheus_rule_group");
    expect(group).toMatchObject({ name: "fhi-pilot-sdc-fhi-llm-pilot-rollout", location: "swedencentral", rule_group_enabled: true, interval: "PT1M", cluster_name: expect.stringMatching(/^aks-fhi-pilot-sdc/) });
    expect(group.scopes).toEqual([expect.stringMatching(/azurerm_monitor_workspace\./)]);
    const series = 'namespace="model-serving",fhi_health_model_deployment="green"';
    expect(group.rule.map((rule: Json) => [rule.alert, rule.expression, rule.severity, rule.enabled])).toEqual([
      ["fhi-llm-pilot-rollout-p95-latency-ms", `histogram_quantile(0.95, sum by (le) (rate(vllm:e2e_request_latency_seconds_bucket{${series}}[5m]))) * 1000 > 4000`, 2, true],
      ["fhi-llm-pilot-rollout-server-error-percent", `100 * sum(rate(vllm:request_success_total{${series},finished_reason="error"}[5m])) / sum(rate(vllm:request_success_total{${series}}[5m])) > 0.5`, 2, true],
      ["fhi-llm-pilot-rollout-gpu-saturation-percent", `100 * avg(avg_over_time(vllm:kv_cache_usage_perc{${series}}[5m])) > 90`, 2, true],
    ]);
    for (const rule of group.rule) expect(rule.action).toEqual([{ action_group_id: expect.stringMatching(/azurerm_monitor_action_group\./) }]);
  });
  test("at full the Prometheus rules stay, paging at severity 1, until the plan is removed", () => {
    const full = synthesized([validated(rollingOut(pilot, 4), "pilot")]).stacks["pilot-swedencentral-inference"];
    const group = one(full, "azurerm_monitor_alert_prometheus_rule_group");
    expect(group.rule.map((rule: Json) => [rule.alert, rule.severity])).toEqual([
      ["fhi-llm-pilot-rollout-p95-latency-ms", 1],
      ["fhi-llm-pilot-rollout-server-error-percent", 1],
      ["fhi-llm-pilot-rollout-gpu-saturation-percent", 1],
    ]);
  });
});

describe("the request-path walk follows each deployment to its own release during a rollout", () => {
  test("pilot at canary 5 %: blue verifies clinical-llm v1's weights, green v2's, with the shares Flux substitutes", () => {
    const env = validated(rollingOut(pilot, 1), "pilot");
    const { outdir } = synthesized([env]);
    const [path] = walkEnvironment(SynthesizedTerraform.read(outdir), env).cluster;
    expect(path.deployments.map((deployment) => [deployment.name, deployment.weight])).toEqual([["Deployment model-serving/model-blue", 95], ["Deployment model-serving/model-green", 5]]);
    const loaded = path.hops.find((hop) => hop.name === "model: the server loads the released weights")!.facts;
    expect(loaded).toEqual([expect.stringContaining("model-blue serves clinical-llm:1"), expect.stringContaining("model-green serves clinical-llm:2")]);
  });

  test("prod at canary 5 %: each managed deployment mounts its release's model version", () => {
    const env = validated(rollingOut(prod, 1), "prod");
    const { outdir } = synthesized([env]);
    const [path] = walkEnvironment(SynthesizedTerraform.read(outdir), env).api;
    const mounts = path.hops.find((hop) => hop.name === "model: each deployment mounts the released model asset")!.facts.join("\n");
    expect(mounts).toContain("blue mounts clinical-llm:1 at /models");
    expect(mounts).toContain("green mounts clinical-llm:2 at /models");
  });
});
