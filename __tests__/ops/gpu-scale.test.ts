import { PassThrough } from "node:stream";
import * as fs from "node:fs";
import * as path from "node:path";
import { API_VERSIONS } from "../../ops/gpu/arm";
import { useSeededHarness, type Harness } from "./support/estate";

let h: Harness;

const PROD_US = "eastus2/fhi-llm-us/blue";
const PROD_US_AUTOSCALE =
  "/subscriptions/00000000-0000-0000-0000-00000000e001/resourcegroups/rg-fhi-prod-eus2-inference/providers/Microsoft.Insights/autoscalesettings/autoscale-fhi-llm-us-blue";
const PROD_US_DEPLOYMENT =
  "/subscriptions/00000000-0000-0000-0000-00000000e001/resourceGroups/rg-fhi-prod-eus2-inference/providers/Microsoft.MachineLearningServices/workspaces/mlw-fhi-prod-eus2/onlineEndpoints/fhi-llm-us/deployments/blue";
const DEV_POOL =
  "/subscriptions/00000000-0000-0000-0000-00000000d001/resourceGroups/rg-fhi-dev-eus2-inference/providers/Microsoft.ContainerService/managedClusters/aks-fhi-dev-eus2/agentPools/gput4";

const scaleProd = (...flags: string[]) => ["gpu", "scale", "--env", "prod", "--pool", PROD_US, "--reason", "ED surge", ...flags];
const scaleDev = (pool: string, ...flags: string[]) => ["gpu", "scale", "--env", "dev", "--pool", pool, "--reason", "load test", ...flags];

const harness = useSeededHarness(["dev", "prod"]);
beforeEach(() => {
  h = harness();
});

const lastAudit = () => h.audit().at(-1)!;

describe("success", () => {
  test("raising a managed deployment's autoscale max patches its autoscale setting and prints the permanent edit", async () => {
    const { code, stdout } = await h.fhi(scaleProd("--max", "6", "--yes"));
    expect(code).toBe(0);
    const [patch] = h.server.writes();
    expect(patch).toMatchObject({ method: "PATCH", path: PROD_US_AUTOSCALE, apiVersion: API_VERSIONS.autoscale });
    expect(patch.body.properties.profiles[0].capacity).toEqual({ minimum: "2", maximum: "6", default: "2" });
    expect(stdout).toContain("max: 4 -> 6");
    expect(stdout).toContain("Scaled eastus2/fhi-llm-us/blue: provisioning state Succeeded, count 2, min 2, max 6");
    expect(stdout).toContain("environments/prod.ts: regions[0].endpoints[0].deployments[0].instanceCount.max: 4 -> 6");
    expect(lastAudit()).toMatchObject({
      command: "gpu scale",
      environment: "prod",
      reason: "ED surge",
      outcome: "succeeded",
      before: { min: 2, max: 4, count: 2, provisioningState: "Succeeded" },
      after: { min: 2, max: 6, count: 2 },
      who: { azurePrincipal: "oncall@hospital.example" },
    });
    expect(lastAudit().target).toContain("/onlineEndpoints/fhi-llm-us/deployments/blue");
    expect(lastAudit().requestIds.length).toBeGreaterThan(3);
  });

  test("AKS pool bounds go through the agent pool PUT and its long-running operation, with progress on stderr", async () => {
    h.server.lro.pollsBeforeDone = 2;
    const { code, stdout, stderr } = await h.fhi(scaleDev("gput4", "--min", "1", "--max", "3", "--yes"));
    expect(code).toBe(0);
    const [put] = h.server.writes();
    expect(put).toMatchObject({ method: "PUT", path: DEV_POOL, apiVersion: API_VERSIONS.containerService });
    expect(put.body.properties).toMatchObject({ enableAutoScaling: true, minCount: 1, maxCount: 3, vmSize: "Standard_NC8as_T4_v3" });
    expect(put.ifMatch).toBe("etag-seeded");
    expect(h.server.requests.filter((r) => r.path.startsWith("/fake-operations/")).length).toBe(3);
    expect(stderr).toMatch(/waiting for Azure: running/);
    expect(stdout).toContain("environments/dev.ts: regions[0].aks.gpuPools[0].minCount: 0 -> 1");
    expect(stdout).toContain("environments/dev.ts: regions[0].aks.gpuPools[0].maxCount: 2 -> 3");
    expect(stdout).not.toContain("autoscaler's to manage");
    expect(h.server.get(DEV_POOL).properties).toMatchObject({ minCount: 1, maxCount: 3, provisioningState: "Succeeded" });
  });

  test("--count patches a managed deployment's sku capacity, polling the Location header", async () => {
    h.server.lro.header = "Location";
    const { code, stdout } = await h.fhi(scaleProd("--count", "3", "--yes"));
    expect(code).toBe(0);
    const [patch] = h.server.writes();
    expect(patch).toMatchObject({ method: "PATCH", path: PROD_US_DEPLOYMENT, apiVersion: API_VERSIONS.machineLearning, body: { sku: { capacity: 3 } } });
    expect(h.server.requests.some((r) => /\/fake-operations\/\w+\/result$/.test(r.path))).toBe(true);
    expect(stdout).toContain("environments/prod.ts: regions[0].endpoints[0].deployments[0].instanceCount.default: 2 -> 3");
  });

  test("--dry-run prints the change and the exact call, sends no write and records nothing", async () => {
    const { code, stdout } = await h.fhi(scaleProd("--max", "6", "--dry-run"));
    expect(code).toBe(0);
    expect(stdout).toContain(`API call: PATCH ${h.server.url}${PROD_US_AUTOSCALE}?api-version=2022-10-01`);
    expect(stdout).toContain('properties.profiles[0].capacity.maximum: "4" -> "6"');
    expect(stdout).toContain("dry run: nothing was sent");
    expect(h.server.writes()).toEqual([]);
    expect(h.audit()).toEqual([]);
  });

  test.each([
    ["AKS pool bounds", scaleDev("gput4", "--max", "3")],
    ["managed deployment count", scaleProd("--count", "3")],
    ["autoscale setting bounds", scaleProd("--max", "6")],
    ["Flux variables of a cluster-served deployment", scaleDev("fhi-llm-dev/blue", "--min", "2")],
  ])("the dry run shows the call the SDK then makes: %s", async (_, argv) => {
    const dry = await h.fhi([...argv, "--dry-run"]);
    const [, method, url] = /API call: (\w+) (\S+)/.exec(dry.stdout)!;
    expect((await h.fhi([...argv, "--yes"])).code).toBe(0);
    const [write] = h.server.writes();
    expect(`${write.method} ${h.server.url}${write.path}?api-version=${write.apiVersion}`).toBe(`${method} ${url}`);
  });

  test("asking on a terminal: yes applies, anything else refuses", async () => {
    const tty = (answer: string) => {
      const stream = Object.assign(new PassThrough(), { isTTY: true });
      stream.end(answer);
      return stream;
    };
    const no = await h.fhi(scaleProd("--max", "6"), { stdin: tty("n\n") });
    expect(no.code).toBe(2);
    expect(no.stderr).toContain("Apply this change to prod? [y/N]");
    expect(h.server.writes()).toEqual([]);
    expect(lastAudit().outcome).toBe("refused");
    const yes = await h.fhi(scaleProd("--max", "6"), { stdin: tty("y\n") });
    expect(yes.code).toBe(0);
    expect(h.server.writes()).toHaveLength(1);
  });
});

describe("guardrails", () => {
  test("a value above the on-call bound is refused with the numbers and the file to change", async () => {
    const tokensBefore = h.credential.scopes.length;
    const { code, stderr } = await h.fhi(scaleProd("--max", "7", "--yes"));
    expect(code).toBe(2);
    expect(stderr).toContain("7 is above the on-call bound for prod eastus2/fhi-llm-us/blue: onCall.maxCount is 6 (environments/prod.ts regions[0].endpoints[0].deployments[0].onCall)");
    // Refused offline: no token asked for, nothing read or sent (was: an auth error, exit 1, a "failed" record).
    expect(h.credential.scopes).toHaveLength(tokensBefore);
    expect(h.server.requests).toEqual([]);
    expect(lastAudit()).toMatchObject({ outcome: "refused", reason: "ED surge" });
  });

  test.each([
    [["--min", "7", "--max", "5"], "min 7 is above max 5"],
    [["--max", "14"], "14 is above the on-call bound"],
  ])("%j is refused before Azure is asked anything, dry run or not", async (values, message) => {
    const tokensBefore = h.credential.scopes.length;
    for (const extra of [["--yes"], ["--dry-run"]]) {
      const { code, stderr } = await h.fhi(scaleProd(...values, ...extra));
      expect(code).toBe(2);
      expect(stderr).toContain(message);
    }
    expect(h.credential.scopes).toHaveLength(tokensBefore);
    expect(h.server.requests).toEqual([]);
  });

  test.each([
    [["--max", "-1"], "--max -1: must be a whole number of 0 or more. Fix: e.g. --max 4"],
    [["--max", "5", "--timeout", "10x"], "--timeout 10x: not a duration. Fix: write a whole number and a unit, s (seconds), m (minutes) or h (hours)"],
  ])("option errors name the option: %j", async (values, message) => {
    const { code, stderr } = await h.fhi(scaleProd(...values, "--yes"));
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  test("an unknown environment is a usage error that says nothing of synth", async () => {
    const { code, stderr } = await h.fhi(["gpu", "scale", "--env", "pröd", "--pool", "blue", "--max", "9", "--reason", "testing the guardrails"]);
    expect(code).toBe(2);
    expect(stderr).toBe("error: --env pröd: no such environment. Fix: use one of dev, pilot, prod\n");
  });

  test("a scale-up beyond quota headroom is refused with the arithmetic", async () => {
    h.server.usages.set("eastus2", [{ family: "standardNDSH100v5Family", current: 900, limit: 1000 }]);
    const { code, stderr } = await h.fhi(scaleProd("--max", "6", "--yes"));
    expect(code).toBe(2);
    expect(stderr).toContain("that needs 4 more x 96 vCPUs = 384 vCPUs, headroom is 100 (900 of 1000 used). Fix: choose at most 3");
    expect(lastAudit().outcome).toBe("refused");
  });

  test("lowering the ceiling never needs quota, even where quota is short", async () => {
    h.server.usages.set("eastus2", [{ family: "standardNDSH100v5Family", current: 1000, limit: 1000 }]);
    const { code } = await h.fhi(scaleProd("--max", "3", "--yes"));
    expect(code).toBe(0);
  });

  test("without --yes and without a terminal nothing is sent", async () => {
    const { code, stderr } = await h.fhi(scaleProd("--max", "6"));
    expect(code).toBe(2);
    expect(stderr).toContain("not confirmed: stdin is not a terminal");
    expect(h.server.requests).toEqual([]);
    expect(lastAudit()).toMatchObject({ outcome: "refused" });
  });

  test("a name used in two regions is ambiguous and the error lists both", async () => {
    const { code, stderr } = await h.fhi(["gpu", "scale", "--env", "prod", "--pool", "blue", "--max", "5", "--reason", "testing the guardrails", "--yes"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--pool blue is ambiguous in prod: it names eastus2/fhi-llm-us/blue, swedencentral/fhi-llm-eu/blue");
    expect(lastAudit()).toMatchObject({ outcome: "refused", target: "--pool blue" });
    const byRegion = await h.fhi(["gpu", "scale", "--env", "prod", "--pool", "blue", "--region", "swedencentral", "--max", "5", "--reason", "testing the guardrails", "--dry-run"]);
    expect(byRegion.code).toBe(0);
    expect(byRegion.stdout).toContain("Scale swedencentral/fhi-llm-eu/blue");
  });

  test("--count outside the live autoscale range would be undone, so it is refused", async () => {
    const { code, stderr } = await h.fhi(scaleProd("--count", "5", "--yes"));
    expect(code).toBe(2);
    expect(stderr).toContain("outside eastus2/fhi-llm-us/blue's live autoscale range 2..4");
  });

  test("a failed audit write fails the command", async () => {
    const blocked = path.join(h.dir, "blocked");
    fs.writeFileSync(blocked, "a file where a directory should be");
    const { code, stderr } = await h.fhi(scaleProd("--max", "6", "--yes", "--audit-log", path.join(blocked, "audit.jsonl")));
    expect(code).toBe(1);
    expect(stderr).toContain('could not write the audit record');
    expect(stderr).toContain('the command\'s outcome was "succeeded" and the change IS live in Azure');
  });
});

describe("Azure errors", () => {
  const writePath = /autoscalesettings\/autoscale-fhi-llm-us-blue$/;

  test("401 says to sign in to the tenant", async () => {
    h.server.fail("PATCH", writePath, { status: 401, body: { error: { code: "InvalidAuthenticationToken", message: "The access token is invalid." } } });
    const { code, stderr } = await h.fhi(scaleProd("--max", "6", "--yes"));
    expect(code).toBe(1);
    expect(stderr).toContain("Azure rejected the credential (401 InvalidAuthenticationToken)");
    expect(stderr).toContain("az login --tenant");
    expect(lastAudit()).toMatchObject({ outcome: "failed" });
  });

  test("403 names the missing permission and the role that grants it", async () => {
    h.server.fail("PATCH", writePath, {
      status: 403,
      body: { error: { code: "AuthorizationFailed", message: "The client 'x' does not have authorization to perform action 'Microsoft.Insights/autoscalesettings/write' over scope '/subscriptions/...'." } },
    });
    const { code, stderr } = await h.fhi(scaleProd("--max", "6", "--yes"));
    expect(code).toBe(1);
    expect(stderr).toContain("permission denied (403 AuthorizationFailed)");
    expect(stderr).toContain("missing Microsoft.Insights/autoscalesettings/write");
    expect(stderr).toContain('request the role "Monitoring Contributor"');
    expect(lastAudit().outcome).toBe("failed");
  });

  test("404 gives the resource ID", async () => {
    h.server.resources.delete(DEV_POOL.toLowerCase());
    const { code, stderr } = await h.fhi(scaleDev("gput4", "--max", "3", "--yes"));
    expect(code).toBe(1);
    expect(stderr).toContain(`not found (404 ResourceNotFound) while reading eastus2/gput4: ${DEV_POOL} does not exist`);
    expect(lastAudit()).toMatchObject({ outcome: "failed", command: "gpu scale" });
  });

  test("409 says another operation is in progress and that this one changed nothing", async () => {
    h.server.fail("PUT", /agentPools\/gput4$/, {
      status: 409,
      body: { error: { code: "OperationNotAllowed", message: "Operation is not allowed because there's an in progress scale operation." } },
    });
    const { code, stderr } = await h.fhi(scaleDev("gput4", "--max", "3", "--yes"));
    expect(code).toBe(1);
    expect(stderr).toContain("conflict (409 OperationNotAllowed)");
    expect(stderr).toContain("\nAzure did not accept the change (PUT answered 409).\neastus2/gput4 is now: provisioning state Succeeded, count 0, min 0, max 2");
    expect(lastAudit().outcome).toBe("failed");
  });

  test("412: a pool changed by someone else after it was read is not overwritten", async () => {
    h.server.fail("PUT", /agentPools\/gput4$/, { status: 412, body: { error: { code: "PreconditionFailed", message: "modified" } } });
    const { code, stderr } = await h.fhi(scaleDev("gput4", "--max", "3", "--yes"));
    expect(code).toBe(1);
    expect(stderr).toContain("changed while scaling eastus2/gput4 (412 PreconditionFailed): someone or something else updated it after it was read, so nothing was written");
    expect(stderr).toContain("Azure did not accept the change (PUT answered 412).");
    expect(h.server.get(DEV_POOL).properties.maxCount).toBe(2);
    expect(lastAudit().outcome).toBe("failed");
  });

  test("429 is retried as Retry-After asks, then reported with it", async () => {
    const throttled = { status: 429, headers: { "retry-after": "17", "x-ms-retry-after-ms": "5" }, body: { error: { code: "TooManyRequests", message: "slow down" } } };
    h.server.fail("PATCH", writePath, throttled, throttled, throttled);
    const { code, stderr } = await h.fhi(scaleProd("--max", "6", "--yes"));
    expect(code).toBe(1);
    expect(h.server.requests.filter((r) => r.method === "PATCH")).toHaveLength(3);
    expect(stderr).toContain("Azure is throttling requests (429 TooManyRequests)");
    expect(stderr).toContain("gave up after 3 attempts. Azure asks to retry after 17 s");
    expect(lastAudit().outcome).toBe("failed");
  });

  test("a single 429 or 503 is retried and the change succeeds", async () => {
    h.server.fail("PATCH", writePath, { status: 429, headers: { "x-ms-retry-after-ms": "5" } }, { status: 503 });
    const { code } = await h.fhi(scaleProd("--max", "6", "--yes"));
    expect(code).toBe(0);
    expect(h.server.requests.filter((r) => r.method === "PATCH")).toHaveLength(3);
    expect(lastAudit().outcome).toBe("succeeded");
  });

  test("persistent 5xx is reported with the number of attempts", async () => {
    const failure = { status: 500, body: { error: { code: "InternalServerError", message: "boom" } } };
    h.server.fail("PATCH", writePath, failure, failure, failure);
    const { code, stderr } = await h.fhi(scaleProd("--max", "6", "--yes"));
    expect(code).toBe(1);
    expect(stderr).toContain("Azure failed (500 InternalServerError) while scaling eastus2/fhi-llm-us/blue, 3 attempts");
    expect(stderr).toContain("Azure did not accept the change (PATCH answered 500).");
    expect(lastAudit().outcome).toBe("failed");
  });

  test("a failed long-running operation reports Azure's error and the pool's state now", async () => {
    h.server.lro.outcome = "Failed";
    h.server.lro.error = { code: "QuotaExceeded", message: "Not enough quota in eastus2" };
    const { code, stderr } = await h.fhi(scaleDev("gput4", "--max", "3", "--yes"));
    expect(code).toBe(1);
    expect(stderr).toContain("the operation failed in Azure while scaling eastus2/gput4");
    expect(stderr).toContain("QuotaExceeded");
    expect(stderr).toMatch(/Azure accepted the change \(PUT answered 201, request ID req-\d+\); what failed came after/);
    expect(stderr).toContain("eastus2/gput4 is now: provisioning state Failed");
    expect(lastAudit()).toMatchObject({ outcome: "failed" });
  });

  test("a cancelled long-running operation says so", async () => {
    h.server.lro.outcome = "Canceled";
    const { code, stderr } = await h.fhi(scaleProd("--count", "3", "--yes"));
    expect(code).toBe(1);
    expect(stderr).toContain("the operation was cancelled in Azure while scaling eastus2/fhi-llm-us/blue");
    expect(stderr).toContain("Azure accepted the change (PATCH answered 202, request ID req-");
    expect(lastAudit().outcome).toBe("failed");
  });

  test("Ctrl-C at the confirmation prompt sends nothing and is recorded", async () => {
    const tty = Object.assign(new PassThrough(), { isTTY: true });
    const pending = h.fhi(scaleProd("--max", "6"), { stdin: tty });
    // The quota read is the last call before the prompt.
    while (!h.server.requests.some((r) => r.path.endsWith("/usages"))) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 100));
    process.emit("SIGINT");
    const { code } = await pending;
    expect(code).toBe(130);
    expect(h.server.writes()).toEqual([]);
    expect(lastAudit()).toMatchObject({ outcome: "interrupted", before: { max: 4 } });
  });

  test("an operation that outlasts --timeout is reported as possibly still running", async () => {
    h.server.lro.pollsBeforeDone = 100_000;
    const { code, stderr } = await h.fhi(scaleDev("gput4", "--max", "3", "--yes", "--timeout", "1s"));
    expect(code).toBe(1);
    expect(stderr).toContain("timed out after 1 s waiting for Azure to scale eastus2/gput4; the operation may still be running in Azure");
    expect(stderr).toContain("eastus2/gput4 is now: provisioning state Updating");
    expect(lastAudit()).toMatchObject({ outcome: "failed", before: { max: 2 } });
  });

  test("asking for what is already live sends nothing and is recorded as unchanged", async () => {
    const { code, stdout } = await h.fhi(scaleProd("--max", "4", "--yes"));
    expect(code).toBe(0);
    expect(stdout).toContain("already as requested; nothing was sent");
    expect(h.server.writes()).toEqual([]);
    expect(lastAudit().outcome).toBe("unchanged");
  });

  test("Ctrl-C during the operation is recorded before the command returns", async () => {
    h.server.lro.pollsBeforeDone = 1000;
    h.server.onPoll = () => {
      h.server.onPoll = undefined;
      process.emit("SIGINT");
    };
    const { code, stderr } = await h.fhi(scaleDev("gput4", "--max", "3", "--yes"));
    expect(code).toBe(130);
    expect(stderr).toContain("interrupted");
    expect(h.audit()).toHaveLength(1);
    expect(lastAudit()).toMatchObject({ outcome: "interrupted", before: { max: 2 } });
    expect(process.listenerCount("SIGINT")).toBe(0);
  });
});

describe("a deployment served on its cluster: replica bounds as Flux post-build variables", () => {
  const DEV_FLUX =
    "/subscriptions/00000000-0000-0000-0000-00000000d001/resourceGroups/rg-fhi-dev-eus2-inference/providers/Microsoft.ContainerService/managedClusters/aks-fhi-dev-eus2/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/model-serving";
  const fluxPath = /fluxConfigurations\/model-serving$/;
  const kustomization = () => h.server.get(DEV_FLUX).properties.kustomizations["model-serving"];
  const scaleBlue = (...flags: string[]) => scaleDev("eastus2/fhi-llm-dev/blue", ...flags);
  const patches = () => h.server.requests.filter((r) => r.method === "PATCH");
  /** Another deployment's bounds in the same configuration, which a scale of blue must leave as they are. */
  const seedGreen = () => Object.assign(kustomization().postBuild.substitute, { GREEN_MIN_REPLICAS: "0", GREEN_MAX_REPLICAS: "1" });

  test("node pool first, then the deployment's max: one PATCH of the whole variable map, polled to the end", async () => {
    seedGreen();
    h.server.lro.pollsBeforeDone = 2;
    expect((await h.fhi(scaleDev("gput4", "--max", "3", "--yes"))).code).toBe(0);
    h.server.resetTraffic();
    h.server.lro.pollsBeforeDone = 2;
    const { code, stdout, stderr } = await h.fhi(scaleBlue("--max", "3", "--yes"));
    expect(code).toBe(0);
    const [patch] = h.server.writes();
    expect(patch).toMatchObject({ method: "PATCH", path: DEV_FLUX, apiVersion: API_VERSIONS.kubernetesConfiguration });
    expect(patch.body).toEqual({
      properties: { kustomizations: { "model-serving": { postBuild: { substitute: { BLUE_MIN_REPLICAS: "1", BLUE_MAX_REPLICAS: "3", BLUE_TRAFFIC_PERCENT: "100", GREEN_MIN_REPLICAS: "0", GREEN_MAX_REPLICAS: "1" } } } } },
    });
    expect(h.server.requests.filter((r) => r.path.startsWith("/fake-operations/")).length).toBe(3);
    expect(stderr).toMatch(/waiting for Azure: succeeded/);
    // Merged as ARM merges a PATCH: the kustomization keeps its path and intervals.
    expect(kustomization()).toMatchObject({ path: "./clusters/aks-fhi-dev-eus2", syncIntervalInSeconds: 120, postBuild: { substitute: { BLUE_MAX_REPLICAS: "3", GREEN_MAX_REPLICAS: "1" } } });
    expect(stdout).toContain("Scale eastus2/fhi-llm-dev/blue (AKS deployment, Standard_NC8as_T4_v3)\n  max: 2 -> 3\n  GPU pool eastus2/gput4: 0 nodes now, max 3 (one replica per node)");
    expect(stdout).toContain('properties.kustomizations.model-serving.postBuild.substitute.BLUE_MAX_REPLICAS: "2" -> "3"');
    expect(stdout).toContain("note: Flux applies the new bounds at its next reconcile of model-serving (sync interval 120 s)");
    expect(stdout).toContain("note: the next deploy of dev-eastus2-inference sets the variables back to environments/dev.ts unless the edit is merged first");
    expect(stdout).toContain("Scaled eastus2/fhi-llm-dev/blue: Flux configuration Succeeded, Pending, min 1, max 3; GPU pool eastus2/gput4: 0 nodes, min 0, max 3");
    // The config's own checks need the pool to hold the new max too.
    expect(stdout).toContain(
      "edit:\n  environments/dev.ts: regions[0].endpoints[0].deployments[0].instanceCount.max: 2 -> 3\n  environments/dev.ts: regions[0].aks.gpuPools[0].maxCount: 2 -> 3\n",
    );
    expect(lastAudit()).toMatchObject({
      outcome: "succeeded",
      target: `eastus2/fhi-llm-dev/blue ${DEV_FLUX}`,
      before: { min: 1, max: 2, provisioningState: "Succeeded", complianceState: "Compliant", nodes: 0 },
      after: { min: 1, max: 3, provisioningState: "Succeeded", complianceState: "Pending", nodes: 0 },
    });
  });

  test("the Location header is polled as well, and a floor above the config's default moves the default in the edit", async () => {
    h.server.lro.header = "Location";
    const { code, stdout } = await h.fhi(scaleBlue("--min", "2", "--yes"));
    expect(code).toBe(0);
    expect(h.server.requests.some((r) => /\/fake-operations\/\w+\/result$/.test(r.path))).toBe(true);
    expect(kustomization().postBuild.substitute).toEqual({ BLUE_MIN_REPLICAS: "2", BLUE_MAX_REPLICAS: "2", BLUE_TRAFFIC_PERCENT: "100" });
    expect(stdout).toContain("environments/dev.ts: regions[0].endpoints[0].deployments[0].instanceCount.min: 1 -> 2");
    expect(stdout).toContain("environments/dev.ts: regions[0].endpoints[0].deployments[0].instanceCount.default: 1 -> 2");
  });

  test("--dry-run shows the PATCH and the variable, sends nothing and records nothing", async () => {
    const { code, stdout } = await h.fhi(scaleBlue("--min", "0", "--dry-run"));
    expect(code).toBe(0);
    expect(stdout).toContain(`API call: PATCH ${h.server.url}${DEV_FLUX}?api-version=2023-05-01`);
    expect(stdout).toContain('properties.kustomizations.model-serving.postBuild.substitute.BLUE_MIN_REPLICAS: "1" -> "0"');
    expect(stdout).toContain("dry run: nothing was sent.");
    expect(h.server.writes()).toEqual([]);
    expect(h.audit()).toEqual([]);
  });

  test("a max the node pool cannot hold is refused, naming the command that grows the pool first", async () => {
    const { code, stderr } = await h.fhi(scaleBlue("--max", "3", "--yes"));
    expect(code).toBe(2);
    expect(stderr).toContain(
      "error: 3 replicas of eastus2/fhi-llm-dev/blue do not fit GPU pool eastus2/gput4: each replica takes a whole node and the pool can run 2 nodes (live maxCount). Fix: raise the pool first: fhi gpu scale --env dev --pool eastus2/gput4 --max 3, then run this again",
    );
    expect(h.server.writes()).toEqual([]);
    expect(lastAudit()).toMatchObject({ outcome: "refused", before: { max: 2, nodes: 0 } });
  });

  test("beyond the pool's own on-call bound the refusal says so, with the most this pool can take", async () => {
    const input = h.catalog.dev as any;
    const saved = input.regions[0].endpoints[0].deployments[0].onCall;
    input.regions[0].endpoints[0].deployments[0].onCall = { minCount: 0, maxCount: 6 };
    try {
      const { code, stderr } = await h.fhi(scaleBlue("--max", "5", "--yes"));
      expect(code).toBe(2);
      expect(stderr).toContain(
        "5 replicas of eastus2/fhi-llm-dev/blue do not fit GPU pool eastus2/gput4: each replica takes a whole node and the pool can run 2 nodes (live maxCount). Fix: the pool's on-call bound is 4 (environments/dev.ts regions[0].aks.gpuPools[0].onCall): choose at most 4 replicas, after raising the pool to as many nodes (fhi gpu scale --env dev --pool eastus2/gput4 --max 4), or get a reviewed change to the environment file",
      );
    } finally {
      input.regions[0].endpoints[0].deployments[0].onCall = saved;
    }
  });

  test("a node pool with autoscaling off holds as many replicas as it has nodes", async () => {
    Object.assign(h.server.get(DEV_POOL).properties, { enableAutoScaling: false, count: 1 });
    const { code, stderr } = await h.fhi(scaleBlue("--min", "2", "--yes"));
    expect(code).toBe(2);
    expect(stderr).toContain("2 replicas of eastus2/fhi-llm-dev/blue do not fit GPU pool eastus2/gput4: each replica takes a whole node and the pool can run 1 node (autoscaling off: its live node count)");
    expect(h.server.writes()).toEqual([]);
  });

  test("lowering a max the pool is short of today needs no nodes", async () => {
    kustomization().postBuild.substitute.BLUE_MAX_REPLICAS = "4";
    const { code } = await h.fhi(scaleBlue("--max", "3", "--yes"));
    expect(code).toBe(0);
    expect(kustomization().postBuild.substitute.BLUE_MAX_REPLICAS).toBe("3");
  });

  test("--count is refused before Azure is asked anything: KEDA owns the count", async () => {
    const tokensBefore = h.credential.scopes.length;
    for (const extra of [["--yes"], ["--dry-run"]]) {
      const { code, stderr } = await h.fhi(scaleBlue("--count", "2", ...extra));
      expect(code).toBe(2);
      expect(stderr).toContain(
        "--count: eastus2/fhi-llm-dev/blue is served on its cluster, where KEDA sets the replica count from the model server's queue between min and max; ARM has no count to set. Fix: to keep at least 2 replicas running, raise the floor: fhi gpu scale --env dev --pool eastus2/fhi-llm-dev/blue --min 2",
      );
    }
    expect(h.credential.scopes).toHaveLength(tokensBefore);
    expect(h.server.requests).toEqual([]);
    expect(lastAudit()).toMatchObject({ outcome: "refused" });
  });

  test("the on-call bounds hold for the deployment as for any pool", async () => {
    const { code, stderr } = await h.fhi(scaleBlue("--max", "5", "--yes"));
    expect(code).toBe(2);
    expect(stderr).toContain("5 is above the on-call bound for dev eastus2/fhi-llm-dev/blue: onCall.maxCount is 4 (environments/dev.ts regions[0].endpoints[0].deployments[0].onCall)");
    expect(h.server.requests).toEqual([]);
  });

  test("variables changed by someone else between reading and writing are not overwritten", async () => {
    const tty = Object.assign(new PassThrough(), { isTTY: true });
    const pending = h.fhi(scaleBlue("--min", "0"), { stdin: tty });
    while (!h.server.requests.some((r) => fluxPath.test(r.path))) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 100));
    kustomization().postBuild.substitute.BLUE_MAX_REPLICAS = "1";
    tty.end("y\n");
    const { code, stderr } = await pending;
    expect(code).toBe(1);
    expect(stderr).toContain(
      "Flux configuration model-serving of aks-fhi-dev-eus2 changed after it was read (BLUE_MAX_REPLICAS): someone or something else updated it, so nothing was written. Fix: run the command again; it re-reads the live state\nNo change was sent to Azure.\neastus2/fhi-llm-dev/blue is now: Flux configuration Succeeded, Compliant, min 1, max 1",
    );
    expect(patches()).toEqual([]);
    expect(lastAudit()).toMatchObject({ outcome: "failed", before: { max: 2 }, after: { max: 1 } });
  });

  test("an operation that fails after Azure accepted it: the audit record says so, with the state read afterwards", async () => {
    h.server.lro.outcome = "Failed";
    h.server.lro.error = { code: "FluxConfigurationUpdateFailed", message: "the Flux extension did not answer" };
    const { code, stderr } = await h.fhi(scaleBlue("--min", "0", "--yes"));
    expect(code).toBe(1);
    const told = [
      "the operation failed in Azure while scaling eastus2/fhi-llm-dev/blue",
      "FluxConfigurationUpdateFailed",
      "Azure accepted the change (PATCH answered 202, request ID req-",
      "what failed came after, so the change may be live or still being applied.",
      "eastus2/fhi-llm-dev/blue is now: Flux configuration Failed, Compliant, min 1, max 2; GPU pool eastus2/gput4: 0 nodes, min 0, max 2",
    ];
    for (const line of told) expect(stderr).toContain(line);
    const record = lastAudit();
    expect(record).toMatchObject({ outcome: "failed", before: { min: 1, provisioningState: "Succeeded" }, after: { min: 1, provisioningState: "Failed" } });
    for (const line of told) expect(record.message).toContain(line);
    expect(record.requestIds.length).toBeGreaterThan(3);
  });

  test("polling that keeps failing after the PATCH was accepted is reported as a possibly live change", async () => {
    const failure = { status: 500, body: { error: { code: "InternalServerError", message: "poll failed" } } };
    h.server.lro.pollsBeforeDone = 5;
    h.server.fail("GET", /^\/fake-operations\//, failure, failure, failure);
    const { code, stderr } = await h.fhi(scaleBlue("--min", "0", "--yes"));
    expect(code).toBe(1);
    expect(stderr).toContain("Azure failed (500 InternalServerError) while scaling eastus2/fhi-llm-dev/blue, 3 attempts");
    expect(stderr).toContain("Azure accepted the change (PATCH answered 202");
    expect(stderr).toContain("eastus2/fhi-llm-dev/blue is now: Flux configuration Updating");
    expect(lastAudit()).toMatchObject({ outcome: "failed", after: { provisioningState: "Updating" } });
  });

  test("a PATCH throttled once is retried after Retry-After and succeeds", async () => {
    h.server.fail("PATCH", fluxPath, { status: 429, headers: { "retry-after": "1" }, body: { error: { code: "TooManyRequests", message: "slow down" } } });
    const started = Date.now();
    const { code } = await h.fhi(scaleBlue("--min", "0", "--yes"));
    expect(code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(patches()).toHaveLength(2);
    expect(kustomization().postBuild.substitute.BLUE_MIN_REPLICAS).toBe("0");
  });

  test("a PATCH throttled every time: nothing was accepted, and the record says so", async () => {
    const throttled = { status: 429, headers: { "retry-after": "17", "x-ms-retry-after-ms": "5" }, body: { error: { code: "TooManyRequests", message: "slow down" } } };
    h.server.fail("PATCH", fluxPath, throttled, throttled, throttled);
    const { code, stderr } = await h.fhi(scaleBlue("--min", "0", "--yes"));
    expect(code).toBe(1);
    expect(stderr).toContain("Azure is throttling requests (429 TooManyRequests) while scaling eastus2/fhi-llm-dev/blue; gave up after 3 attempts. Azure asks to retry after 17 s");
    expect(stderr).toContain("Azure did not accept the change (PATCH answered 429).");
    expect(kustomization().postBuild.substitute.BLUE_MIN_REPLICAS).toBe("1");
    expect(lastAudit()).toMatchObject({ outcome: "failed", after: { min: 1 } });
  });

  test("403 on the PATCH names the missing action and the role on the cluster", async () => {
    h.server.fail("PATCH", fluxPath, {
      status: 403,
      body: { error: { code: "AuthorizationFailed", message: "does not have authorization to perform action 'Microsoft.KubernetesConfiguration/fluxConfigurations/write' over scope" } },
    });
    const { code, stderr } = await h.fhi(scaleBlue("--min", "0", "--yes"));
    expect(code).toBe(1);
    expect(stderr).toContain(`permission denied (403 AuthorizationFailed) while scaling eastus2/fhi-llm-dev/blue on ${DEV_FLUX}: missing Microsoft.KubernetesConfiguration/fluxConfigurations/write. Fix: request the role "Contributor"`);
  });

  test("an operation that outlasts --timeout may still finish: the message and the record say the PATCH was accepted", async () => {
    h.server.lro.pollsBeforeDone = 100_000;
    const { code, stderr } = await h.fhi(scaleBlue("--min", "0", "--yes", "--timeout", "1s"));
    expect(code).toBe(1);
    expect(stderr).toContain("timed out after 1 s waiting for Azure to scale eastus2/fhi-llm-dev/blue; the operation may still be running in Azure");
    expect(stderr).toContain("Azure accepted the change (PATCH answered 202");
    expect(lastAudit()).toMatchObject({ outcome: "failed", after: { provisioningState: "Updating" } });
  });
});

describe("the reason kept in the audit log", () => {
  test.each([[""], ["   "], ["x"], ["1234567890"]])("%j is refused before anything is done (was stored as given)", async (reason) => {
    const { code, stderr } = await h.fhi(["gpu", "scale", "--env", "prod", "--pool", PROD_US, "--max", "5", "--reason", reason, "--yes"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--reason:");
    expect(stderr).toContain("Fix: say why");
    expect(h.audit()).toEqual([]);
    expect(h.server.requests).toEqual([]);
  });

  test("a 100 KB reason is refused, not stored whole", async () => {
    const { code, stderr } = await h.fhi(["gpu", "scale", "--env", "prod", "--pool", PROD_US, "--max", "5", "--reason", "surge ".repeat(17_000), "--yes"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--reason: 101999 characters is more than the 500 an audit record keeps");
    expect(h.audit()).toEqual([]);
  });

  test("control characters never reach the audit log (no forged line, no terminal escape)", async () => {
    const { code } = await h.fhi(scaleProd("--max", "5", "--yes").map((arg) => (arg === "ED surge" ? 'ED surge\n{"outcome":"succeeded"}\u001b[2J INC-1' : arg)));
    expect(code).toBe(0);
    const lines = fs.readFileSync(h.auditFile, "utf8").trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]).reason).toBe('ED surge {"outcome":"succeeded"} [2J INC-1');
  });
});
