/**
 * `fhi rollout` against the loopback Azure server: prod's US endpoint (Azure ML managed) and pilot's (served on its
 * cluster) rolling out clinical-llm-2 (__tests__/fixtures/releases.ts), at the step each test sets.
 */
import * as fs from "node:fs";
import { PassThrough } from "node:stream";
import { pilot } from "../../environments/pilot";
import { prod } from "../../environments/prod";
import { AML_TRAFFIC_API_VERSION } from "../../constructs/azapi/machine-learning";
import { ROLLOUT_API_VERSIONS } from "../../ops/rollout/arm";
import { catalogWith, rollingOut } from "../fixtures/releases";
import { pinToday } from "../support/today";
import { seedEstate, startHarness, type Harness } from "./support/estate";

pinToday("2026-12-01");
const NOW = new Date("2026-12-01T06:00:00.000Z");
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();

const PROD_ENDPOINT =
  "/subscriptions/00000000-0000-0000-0000-00000000e001/resourceGroups/rg-fhi-prod-eus2-inference/providers/Microsoft.MachineLearningServices/workspaces/mlw-fhi-prod-eus2/onlineEndpoints/fhi-llm-us";
const PROD_GREEN = `${PROD_ENDPOINT}/deployments/green`.toLowerCase();
const PROD_WORKSPACE = "/v1/subscriptions/00000000-0000-0000-0000-00000000e001/resourceGroups/rg-fhi-prod-eus2-network/providers/Microsoft.OperationalInsights/workspaces/log-fhi-prod-eus2/query";
const PILOT_FLUX =
  "/subscriptions/00000000-0000-0000-0000-00000000b001/resourceGroups/rg-fhi-pilot-sdc-inference/providers/Microsoft.ContainerService/managedClusters/aks-fhi-pilot-sdc/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/model-serving";
const PILOT_WORKSPACE = "/subscriptions/00000000-0000-0000-0000-00000000b001/resourceGroups/rg-fhi-pilot-sdc-inference/providers/Microsoft.Monitor/accounts/amw-fhi-pilot-sdc";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  h.server.clock = () => NOW;
});
afterAll(() => h.server.close());

/** Both environments at their rollout steps, live as the config says, written a week ago; gates healthy unless a test changes them. */
function atSteps(prodStep: number, pilotStep = 1): void {
  h.server.resetTraffic();
  h.server.resources.clear();
  fs.rmSync(h.auditFile, { force: true });
  h.use({ prod: rollingOut(prod, prodStep) as any, pilot: rollingOut(pilot, pilotStep) as any }, catalogWith());
  seedEstate(h.server, h.environment("prod"));
  seedEstate(h.server, h.environment("pilot"));
  healthyGates();
}

function healthyGates(): void {
  h.server.metricValues.set(`${PROD_GREEN}|RequestLatency_P95`, 3210);
  h.server.metricValues.set(`${PROD_GREEN}|GpuUtilizationPercentage`, 71.5);
  h.server.serverErrorPercent.set("green", 0.12);
  h.server.promql.set("e2e_request_latency", 2875.5);
  h.server.promql.set("request_success", 0.05);
  h.server.promql.set("kv_cache_usage", 64);
}

beforeEach(() => atSteps(1));

const fhi = (argv: string[], options: Parameters<Harness["fhi"]>[1] = {}) => h.fhi(argv, { now: NOW, ...options });
const prodArgs = (command: string, ...flags: string[]) => ["rollout", command, "--env", "prod", "--endpoint", "fhi-llm-us", ...flags];
const pilotArgs = (command: string, ...flags: string[]) => ["rollout", command, "--env", "pilot", "--endpoint", "fhi-llm-pilot", ...flags];
const endpoint = () => h.server.get(PROD_ENDPOINT);
const variables = () => h.server.get(PILOT_FLUX).properties.kustomizations["model-serving"].postBuild.substitute;
const lastAudit = () => h.audit().at(-1)!;
const armWrites = () => h.server.writes();

test("the traffic update speaks the API version the inference stack writes it at (ops may not import constructs)", () => {
  expect(ROLLOUT_API_VERSIONS.endpointTraffic).toBe(AML_TRAFFIC_API_VERSION);
});

describe("status", () => {
  test("managed: the live split beside the step, and each gate over the bake window read from Azure Monitor and the traffic log; exit 0 when all hold", async () => {
    const { code, stdout } = await fhi(prodArgs("status"));
    expect(code).toBe(0);
    expect(stdout).toContain("step 1 of 5: canary 5 % (bake 1440 min); split last written 2026-11-24T06:00:00.000Z, 10080 min ago (baked)");
    expect(stdout).toMatch(/green\s+next\s+clinical-llm-2\s+5 %\s+0 %\s+5 %\s+0 %/);
    expect(stdout).toMatch(/p95LatencyMs\s+4000 ms\s+3210 ms\s+yes\s+Azure Monitor RequestLatency_P95/);
    expect(stdout).toMatch(/serverErrorPercent\s+0.5 %\s+0.12 %\s+yes/);
    expect(stdout).toContain("Every gate holds and live is the config's step 1: advance moves it to step 2 (canary 25 %)");
    const metrics = h.server.requests.filter((r) => r.path.endsWith("/providers/Microsoft.Insights/metrics"));
    expect(metrics.map((r) => r.query.metricnames).sort()).toEqual(["GpuUtilizationPercentage", "RequestLatency_P95"]);
    for (const request of metrics) {
      expect(request.path.toLowerCase()).toBe(`${PROD_GREEN}/providers/microsoft.insights/metrics`);
      expect(request.query).toMatchObject({ "api-version": "2024-02-01", interval: "FULL", aggregation: "Average", timespan: `${minutesAgo(1440)}/${NOW.toISOString()}`, metricnamespace: "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments" });
    }
    const query = h.server.requests.find((r) => r.method === "POST" && r.path === PROD_WORKSPACE)!;
    expect(query.body.query).toContain('| where EndpointName == "fhi-llm-us" and DeploymentName == "green"');
    expect(query.body.timespan).toBe(`${minutesAgo(1440)}/${NOW.toISOString()}`);
    expect(h.server.requests.find((r) => r.path === PROD_ENDPOINT)!.apiVersion).toBe("2023-04-01");
    expect(h.credential.scopes).toContainEqual([`${h.server.url}/.default`]);
  });

  test("a gate above its threshold, and one without data, do not hold: exit 1", async () => {
    h.server.metricValues.set(`${PROD_GREEN}|RequestLatency_P95`, 4800);
    h.server.serverErrorPercent.delete("green");
    const { code, stdout } = await fhi(prodArgs("status"));
    expect(code).toBe(1);
    expect(stdout).toMatch(/p95LatencyMs\s+4000 ms\s+4800 ms\s+NO/);
    expect(stdout).toContain("serverErrorPercent: no data in the window: nothing shows the gate holds");
    expect(stdout).toContain("gate p95LatencyMs does not hold\ngate serverErrorPercent does not hold");
  });

  test("the window starts when the step began, not a bake earlier", async () => {
    endpoint().systemData.lastModifiedAt = minutesAgo(90);
    const { stdout } = await fhi(prodArgs("status"));
    expect(stdout).toContain("split last written 2026-12-01T04:30:00.000Z, 90 min ago (1350 min of bake to go)");
    expect(h.server.requests.find((r) => r.query.metricnames)!.query.timespan).toBe(`${minutesAgo(90)}/${NOW.toISOString()}`);
  });

  test("live traffic that differs from the config's step is a finding (exit 1), named in the plan's words", async () => {
    endpoint().properties.traffic = { blue: 75, green: 25 };
    const { code, stdout } = await fhi(prodArgs("status"));
    expect(code).toBe(1);
    expect(stdout).toContain("live split: step 2 (canary 25 %)");
    expect(stdout).toContain("live differs from the config's step 1: blue traffic 75 % (config 95 %)");
  });

  test("cluster: the split from the Flux variables, the gates by PromQL on the region's Azure Monitor workspace with a Prometheus token", async () => {
    const { code, stdout } = await fhi(pilotArgs("status"));
    expect(code).toBe(0);
    expect(stdout).toContain("Rollout of swedencentral/fhi-llm-pilot (pilot): blue -> green, served on the cluster (Succeeded, Flux Compliant)");
    expect(stdout).toMatch(/p95LatencyMs\s+4000 ms\s+2875.5 ms\s+yes\s+vllm:e2e_request_latency_seconds p95/);
    expect(h.server.requests.find((r) => r.path === PILOT_WORKSPACE)!.apiVersion).toBe("2023-04-03");
    const queries = h.server.requests.filter((r) => r.path === "/prometheus/amw-fhi-pilot-sdc/api/v1/query").map((r) => r.query);
    expect(queries).toHaveLength(3);
    expect(queries[0]).toEqual({
      query: 'histogram_quantile(0.95, sum by (le) (rate(vllm:e2e_request_latency_seconds_bucket{namespace="model-serving",fhi_health_model_deployment="green"}[1440m]))) * 1000',
      time: NOW.toISOString(),
    });
    expect(h.credential.scopes).toContainEqual(["https://prometheus.monitor.azure.com/.default"]);
  });

  test("cluster: a query endpoint that does not resolve from here says where to run from", async () => {
    h.server.get(PILOT_WORKSPACE).properties.metrics.prometheusQueryEndpoint = "https://amw-fhi-pilot-sdc-a1b2.swedencentral.prometheus.monitor.invalid";
    const { code, stdout } = await fhi(pilotArgs("status"));
    expect(code).toBe(1);
    expect(stdout).toContain(
      "p95LatencyMs: cannot reach amw-fhi-pilot-sdc-a1b2.swedencentral.prometheus.monitor.invalid: the Azure Monitor workspace's query endpoint is private and its name does not resolve from this network. Fix: run fhi rollout from a network linked to its private DNS zone (privatelink.swedencentral.prometheus.monitor.azure.com), e.g. the deployer network or the trusted clinical environment",
    );
  });

  test("Flux not reporting the split as applied is a finding", async () => {
    h.server.get(PILOT_FLUX).properties.complianceState = "Non-Compliant";
    const { code, stdout } = await fhi(pilotArgs("status"));
    expect(code).toBe(1);
    expect(stdout).toContain("Flux reports the serving configuration Non-Compliant: the cluster may not run this split");
  });

  test("429 with Retry-After on a metrics read is retried as Azure asks", async () => {
    h.server.fail("GET", /\/providers\/Microsoft\.Insights\/metrics$/, { status: 429, headers: { "retry-after": "0" }, body: { error: { code: "TooManyRequests", message: "Rate limit" } } });
    const { code } = await fhi(prodArgs("status"));
    expect(code).toBe(0);
    expect(h.server.requests.filter((r) => r.query.metricnames).length).toBe(3);
  });

  test("json: the same reading, machine-readable", async () => {
    const { code, stdout } = await fhi(prodArgs("status", "--format", "json"));
    expect(code).toBe(0);
    const status = JSON.parse(stdout);
    expect(status).toMatchObject({ endpoint: "eastus2/fhi-llm-us", holds: true, liveAs: "step 1 (canary 5 %)", differences: [] });
    expect(status.gates.map((gate: any) => [gate.gate, gate.value, gate.holds])).toEqual([["p95LatencyMs", 3210, true], ["serverErrorPercent", 0.12, true], ["gpuSaturationPercent", 71.5, true]]);
  });

  test("bad input is exit 2 before Azure is asked: an endpoint without a plan, an unknown endpoint", async () => {
    h.use({ prod: prod as any });
    const shipped = await fhi(prodArgs("status"));
    expect(shipped.code).toBe(2);
    expect(shipped.stderr).toContain("eastus2/fhi-llm-us has no rollout plan (environments/prod.ts regions[0].endpoints[0].rollout), so there is nothing to show or move.");
    const unknown = await fhi(["rollout", "status", "--env", "prod", "--endpoint", "fhi-llm"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("--endpoint fhi-llm: no endpoint of that name in prod. Fix: use one of eastus2/fhi-llm-us, swedencentral/fhi-llm-eu");
    expect(h.server.requests).toEqual([]);
  });
});

describe("advance", () => {
  test("managed: the endpoint PUT back at API 2023-04-01 with only the split changed, polled to the end; the edit printed; audited", async () => {
    const { code, stdout } = await fhi(prodArgs("advance", "--yes"));
    expect(code).toBe(0);
    const [put] = armWrites();
    expect(put).toMatchObject({ method: "PUT", path: PROD_ENDPOINT, apiVersion: "2023-04-01" });
    expect(put.body.properties).toMatchObject({ authMode: "AADToken", publicNetworkAccess: "Disabled", traffic: { blue: 75, green: 25 }, mirrorTraffic: { blue: 0, green: 0 } });
    expect(put.body.properties).not.toHaveProperty("provisioningState");
    expect(put.body.properties).not.toHaveProperty("scoringUri");
    expect(put.body).not.toHaveProperty("systemData");
    expect(put.body.identity.type).toBe("UserAssigned");
    expect(h.server.requests.filter((r) => r.path.startsWith("/fake-operations/")).length).toBeGreaterThan(0);
    expect(endpoint().properties).toMatchObject({ traffic: { blue: 75, green: 25 }, provisioningState: "Succeeded" });
    expect(stdout).toContain("Advanced eastus2/fhi-llm-us to step 2: traffic blue 75 %, green 25 %; mirrored none (Succeeded)");
    expect(stdout).toContain(
      [
        "  environments/prod.ts: regions[0].endpoints[0].rollout.step: 1 -> 2",
        "  environments/prod.ts: regions[0].endpoints[0].deployments[0].trafficPercent: 95 -> 75",
        "  environments/prod.ts: regions[0].endpoints[0].deployments[1].trafficPercent: 5 -> 25",
      ].join("\n"),
    );
    expect(lastAudit()).toMatchObject({
      command: "rollout advance",
      environment: "prod",
      target: `eastus2/fhi-llm-us ${PROD_ENDPOINT}`,
      outcome: "succeeded",
      before: { step: 1, traffic: { blue: 95, green: 5 } },
      after: { step: 2, traffic: { blue: 75, green: 25 }, provisioningState: "Succeeded" },
    });
  });

  test("from shadow: the copy stops and green answers its first canary share", async () => {
    atSteps(0);
    expect(endpoint().properties.mirrorTraffic).toEqual({ blue: 0, green: 20 });
    const { code } = await fhi(prodArgs("advance", "--yes"));
    expect(code).toBe(0);
    expect(armWrites()[0].body.properties).toMatchObject({ traffic: { blue: 95, green: 5 }, mirrorTraffic: { blue: 0, green: 0 } });
  });

  test("cluster: one PATCH of the Flux variables, the split changed and every other variable kept", async () => {
    const before = { ...variables() };
    const { code, stdout } = await fhi(pilotArgs("advance", "--yes"));
    expect(code).toBe(0);
    const [patch] = armWrites();
    expect(patch).toMatchObject({ method: "PATCH", path: PILOT_FLUX, apiVersion: "2023-05-01" });
    expect(patch.body.properties.kustomizations["model-serving"].postBuild.substitute).toEqual({ ...before, BLUE_TRAFFIC_PERCENT: "75", GREEN_TRAFFIC_PERCENT: "25", MIRROR_PERCENT: "0" });
    expect(stdout).toContain("properties.kustomizations.model-serving.postBuild.substitute.GREEN_TRAFFIC_PERCENT: \"5\" -> \"25\"");
    expect(stdout).toContain("note: Flux applies the new split at its next reconcile of model-serving (sync interval 120 s); the routers restart with it");
    expect(stdout).toContain("Advanced swedencentral/fhi-llm-pilot to step 2: traffic blue 75 %, green 25 %; mirrored none (Succeeded, Pending)");
  });

  test("a gate that does not hold keeps the step: exit 2, nothing written, the refusal audited with the reading", async () => {
    h.server.metricValues.set(`${PROD_GREEN}|RequestLatency_P95`, 4800);
    const { code, stderr } = await fhi(prodArgs("advance", "--yes"));
    expect(code).toBe(2);
    expect(stderr).toContain("eastus2/fhi-llm-us stays at step 1: gate p95LatencyMs: 4800 ms is above 4000 ms. Fix: wait and run fhi rollout status again; a failing gate is a reason to roll back");
    expect(armWrites()).toEqual([]);
    expect(lastAudit()).toMatchObject({ command: "rollout advance", outcome: "refused", before: { step: 1 } });
    expect(lastAudit().message).toContain("gate p95LatencyMs: 4800 ms is above 4000 ms");
  });

  test("a bake not yet over keeps the step, even with every gate holding", async () => {
    endpoint().systemData.lastModifiedAt = minutesAgo(60);
    const { code, stderr } = await fhi(prodArgs("advance", "--yes"));
    expect(code).toBe(2);
    expect(stderr).toContain("the bake is not over: step 1 has run 60 of 1440 min since the split was written at 2026-12-01T05:00:00.000Z");
    expect(armWrites()).toEqual([]);
  });

  test("--override without --reason is refused before Azure is asked, and audited", async () => {
    const { code, stderr } = await fhi(prodArgs("advance", "--override", "--yes"));
    expect(code).toBe(2);
    expect(stderr).toContain("--override needs --reason");
    expect(h.server.requests).toEqual([]);
    expect(lastAudit()).toMatchObject({ command: "rollout advance --override", outcome: "refused" });
  });

  test("--override --reason advances past a failing gate and an unfinished bake, flagged in the output and the audit record", async () => {
    h.server.metricValues.set(`${PROD_GREEN}|RequestLatency_P95`, 4800);
    endpoint().systemData.lastModifiedAt = minutesAgo(60);
    const reason = "CHG-812 clinical lead accepts latency";
    const { code, stdout } = await fhi(prodArgs("advance", "--override", "--reason", reason, "--yes"));
    expect(code).toBe(0);
    expect(stdout).toContain("OVERRIDE: advancing although gate p95LatencyMs: 4800 ms is above 4000 ms");
    expect(stdout).toContain("OVERRIDE: advancing although the bake is not over: step 1 has run 60 of 1440 min");
    expect(stdout).toContain("OVERRIDDEN: Advanced eastus2/fhi-llm-us to step 2");
    expect(lastAudit()).toMatchObject({ command: "rollout advance --override", reason, outcome: "succeeded", after: { step: 2, overridden: [expect.stringContaining("p95LatencyMs"), expect.stringContaining("bake")] } });
  });

  test("without a terminal and without --yes nothing is read: refused and audited", async () => {
    const { code, stderr } = await fhi(prodArgs("advance"));
    expect(code).toBe(2);
    expect(stderr).toContain("not confirmed: stdin is not a terminal");
    expect(h.server.requests).toEqual([]);
    expect(lastAudit()).toMatchObject({ outcome: "refused", requestIds: [] });
  });

  test("--dry-run reads and judges, shows the call, sends nothing and writes no audit record", async () => {
    const { code, stdout } = await fhi(prodArgs("advance", "--dry-run"));
    expect(code).toBe(0);
    expect(stdout).toContain(`API call: PUT ${h.server.url}${PROD_ENDPOINT}?api-version=2023-04-01`);
    expect(stdout).toContain("dry run: nothing was sent.");
    expect(armWrites()).toEqual([]);
    expect(h.audit()).toEqual([]);
  });

  test("at full there is nothing to advance to: refused offline", async () => {
    atSteps(4);
    const { code, stderr } = await fhi(prodArgs("advance", "--yes"));
    expect(code).toBe(2);
    expect(stderr).toContain("eastus2/fhi-llm-us is at its last step (4, full): there is nothing to advance to.");
    expect(h.server.requests).toEqual([]);
  });

  test("live not at the config's step (an earlier advance not merged) is never stacked on", async () => {
    endpoint().properties.traffic = { blue: 75, green: 25 };
    const { code, stderr } = await fhi(prodArgs("advance", "--override", "--reason", "try to skip a step", "--yes"));
    expect(code).toBe(2);
    expect(stderr).toContain("the live split of eastus2/fhi-llm-us is step 2 (canary 25 %), not the config's step 1");
    expect(armWrites()).toEqual([]);
  });

  test("429 with Retry-After on the write is retried; the change goes through once", async () => {
    h.server.fail("PUT", /onlineEndpoints\/fhi-llm-us$/, { status: 429, headers: { "retry-after": "0" }, body: { error: { code: "TooManyRequests", message: "Rate limit" } } });
    const { code } = await fhi(prodArgs("advance", "--yes"));
    expect(code).toBe(0);
    expect(armWrites().map((r) => r.method)).toEqual(["PUT", "PUT"]);
    expect(endpoint().properties.traffic).toEqual({ blue: 75, green: 25 });
  });

  test("an operation that fails after Azure accepted the PUT: the output and the audit record say so and show the split now", async () => {
    h.server.lro.outcome = "Failed";
    h.server.lro.error = { code: "EndpointUpdateFailed", message: "The traffic update could not be applied." };
    const { code, stderr } = await fhi(prodArgs("advance", "--yes"));
    expect(code).toBe(1);
    expect(stderr).toContain("the operation failed in Azure while changing the split of eastus2/fhi-llm-us");
    expect(stderr).toMatch(/Azure accepted the change \(PUT answered 201, request ID req-\d{4}\); what failed came after, so the change may be live or still being applied\./);
    expect(stderr).toContain("eastus2/fhi-llm-us is now: traffic blue 95 %, green 5 %; mirrored none (Failed)");
    const record = lastAudit();
    expect(record).toMatchObject({ outcome: "failed", before: { step: 1, traffic: { blue: 95, green: 5 } }, after: { traffic: { blue: 95, green: 5 }, provisioningState: "Failed" } });
    expect(record.message).toContain("Azure accepted the change (PUT answered 201");
  });

  test("a split changed by someone else between reading and writing is not overwritten", async () => {
    const tty = Object.assign(new PassThrough(), { isTTY: true });
    const pending = fhi(prodArgs("advance"), { stdin: tty });
    while (!h.server.requests.some((r) => r.method === "POST")) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 100));
    endpoint().properties.traffic = { blue: 100, green: 0 };
    tty.end("y\n");
    const { code, stderr } = await pending;
    expect(code).toBe(1);
    expect(stderr).toContain("endpoint eastus2/fhi-llm-us changed after it was read (blue traffic 100 % (config 95 %); green traffic 0 % (config 5 %)): someone or something else updated its traffic, so nothing was written.");
    expect(stderr).toContain("No change was sent to Azure.");
    expect(armWrites()).toEqual([]);
  });
});

describe("rollback", () => {
  test("managed, in shadow: every request to blue and the copy stopped, whatever the gates say", async () => {
    atSteps(0);
    h.server.metricValues.set(`${PROD_GREEN}|RequestLatency_P95`, 9000);
    const { code, stdout } = await fhi(prodArgs("rollback", "--reason", "INC-4720 green timeouts", "--yes"));
    expect(code).toBe(0);
    expect(armWrites()[0].body.properties).toMatchObject({ traffic: { blue: 100, green: 0 }, mirrorTraffic: { blue: 0, green: 0 } });
    expect(h.server.requests.some((r) => r.query.metricnames)).toBe(false);
    expect(stdout).toContain("environments/prod.ts: remove regions[0].endpoints[0].rollout: the rollout to green is over (rolled back to blue)");
    expect(lastAudit()).toMatchObject({ command: "rollout rollback", reason: "INC-4720 green timeouts", outcome: "succeeded", after: { traffic: { blue: 100, green: 0 }, mirror: { blue: 0, green: 0 } } });
  });

  test("cluster: the Flux variables put every request on blue and MIRROR_PERCENT to 0", async () => {
    atSteps(1, 2);
    const { code, stdout } = await fhi(pilotArgs("rollback", "--reason", "INC-4721 green errors", "--yes"));
    expect(code).toBe(0);
    expect(variables()).toMatchObject({ BLUE_TRAFFIC_PERCENT: "100", GREEN_TRAFFIC_PERCENT: "0", MIRROR_PERCENT: "0" });
    expect(stdout).toContain("environments/pilot.ts: regions[0].endpoints[0].deployments[0].trafficPercent: 75 -> 100");
  });

  test("already rolled back: nothing sent, recorded as unchanged", async () => {
    Object.assign(endpoint().properties, { traffic: { blue: 100, green: 0 }, mirrorTraffic: { blue: 0, green: 0 } });
    const { code, stdout } = await fhi(prodArgs("rollback", "--reason", "INC-4720 green timeouts", "--yes"));
    expect(code).toBe(0);
    expect(stdout).toContain("The split is already as asked; nothing was sent.");
    expect(armWrites()).toEqual([]);
    expect(lastAudit().outcome).toBe("unchanged");
  });

  test("--reason is required", async () => {
    const { code, stderr } = await fhi(prodArgs("rollback", "--yes"));
    expect(code).toBe(2);
    expect(stderr).toContain("required option '--reason <text>' not specified");
  });
});

