import { PassThrough } from "node:stream";
import * as fs from "node:fs";
import * as path from "node:path";
import { API_VERSIONS } from "../../ops/gpu/arm";
import { useSeededHarness, type Harness } from "./support/estate";

let h: Harness;

const PROD_US = "eastus2/fhi-llm-us/blue";
const PROD_US_AUTOSCALE =
  "/subscriptions/00000000-0000-0000-0000-00000000e001/resourcegroups/rg-fhi-prod-eus2-inference/providers/Microsoft.Insights/autoscalesettings/autoscale-fhi-llm-us-blue";
const DEV_POOL =
  "/subscriptions/00000000-0000-0000-0000-00000000d001/resourceGroups/rg-fhi-dev-eus2-inference/providers/Microsoft.ContainerService/managedClusters/aks-fhi-dev-eus2/agentPools/gput4";
const DEV_DEPLOYMENT =
  "/subscriptions/00000000-0000-0000-0000-00000000d001/resourceGroups/rg-fhi-dev-eus2-inference/providers/Microsoft.MachineLearningServices/workspaces/mlw-fhi-dev-eus2/onlineEndpoints/fhi-llm-dev/deployments/blue";

const scaleProd = (...flags: string[]) => ["gpu", "scale", "--env", "prod", "--pool", PROD_US, "--reason", "ED surge", ...flags];
const scaleDev = (pool: string, ...flags: string[]) => ["gpu", "scale", "--env", "dev", "--pool", pool, "--reason", "load test", ...flags];

const harness = useSeededHarness(["dev", "prod"]);
beforeEach(() => {
  h = harness();
});

const lastAudit = () => h.audit().at(-1)!;

describe("success", () => {
  test("raising a managed deployment's autoscale max patches its autoscale setting and prints the permanent edit", async () => {
    const { code, stdout } = await h.fhi(scaleProd("--max", "10", "--yes"));
    expect(code).toBe(0);
    const [patch] = h.server.writes();
    expect(patch).toMatchObject({ method: "PATCH", path: PROD_US_AUTOSCALE, apiVersion: API_VERSIONS.autoscale });
    expect(patch.body.properties.profiles[0].capacity).toEqual({ minimum: "2", maximum: "10", default: "2" });
    expect(stdout).toContain("max: 8 -> 10");
    expect(stdout).toContain("Scaled eastus2/fhi-llm-us/blue: provisioning state Succeeded, count 2, min 2, max 10");
    expect(stdout).toContain("environments/prod.ts: regions[0].endpoints[0].deployments[0].instanceCount.max: 8 -> 10");
    expect(lastAudit()).toMatchObject({
      command: "gpu scale",
      environment: "prod",
      reason: "ED surge",
      outcome: "succeeded",
      before: { min: 2, max: 8, count: 2, provisioningState: "Succeeded" },
      after: { min: 2, max: 10, count: 2 },
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

  test("--count patches the deployment's sku capacity, polling the Location header", async () => {
    h.server.lro.header = "Location";
    const { code, stdout } = await h.fhi(scaleDev("fhi-llm-dev/blue", "--count", "2", "--yes"));
    expect(code).toBe(0);
    const [patch] = h.server.writes();
    expect(patch).toMatchObject({ method: "PATCH", path: DEV_DEPLOYMENT, apiVersion: API_VERSIONS.machineLearning, body: { sku: { capacity: 2 } } });
    expect(h.server.requests.some((r) => /\/fake-operations\/\w+\/result$/.test(r.path))).toBe(true);
    expect(stdout).toContain("environments/dev.ts: regions[0].endpoints[0].deployments[0].instanceCount.default: 1 -> 2");
  });

  test("a Kubernetes deployment's bounds are its TargetUtilization scale settings (PUT)", async () => {
    const { code } = await h.fhi(scaleDev("blue", "--max", "4", "--yes"));
    expect(code).toBe(0);
    const [put] = h.server.writes();
    expect(put).toMatchObject({ method: "PUT", path: DEV_DEPLOYMENT, apiVersion: API_VERSIONS.machineLearning });
    expect(put.body.properties.scaleSettings).toMatchObject({ scaleType: "TargetUtilization", minInstances: 1, maxInstances: 4 });
  });

  test("--dry-run prints the change and the exact call, sends no write and records nothing", async () => {
    const { code, stdout } = await h.fhi(scaleProd("--max", "10", "--dry-run"));
    expect(code).toBe(0);
    expect(stdout).toContain(`API call: PATCH ${h.server.url}${PROD_US_AUTOSCALE}?api-version=2022-10-01`);
    expect(stdout).toContain('properties.profiles[0].capacity.maximum: "8" -> "10"');
    expect(stdout).toContain("dry run: nothing was sent");
    expect(h.server.writes()).toEqual([]);
    expect(h.audit()).toEqual([]);
  });

  test.each([
    ["AKS pool bounds", scaleDev("gput4", "--max", "3")],
    ["deployment count", scaleDev("fhi-llm-dev/blue", "--count", "2")],
    ["TargetUtilization bounds", scaleDev("fhi-llm-dev/blue", "--max", "4")],
    ["autoscale setting bounds", scaleProd("--max", "10")],
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
    const no = await h.fhi(scaleProd("--max", "10"), { stdin: tty("n\n") });
    expect(no.code).toBe(2);
    expect(no.stderr).toContain("Apply this change to prod? [y/N]");
    expect(h.server.writes()).toEqual([]);
    expect(lastAudit().outcome).toBe("refused");
    const yes = await h.fhi(scaleProd("--max", "10"), { stdin: tty("y\n") });
    expect(yes.code).toBe(0);
    expect(h.server.writes()).toHaveLength(1);
  });
});

describe("guardrails", () => {
  test("a value above the on-call bound is refused with the numbers and the file to change", async () => {
    const tokensBefore = h.credential.scopes.length;
    const { code, stderr } = await h.fhi(scaleProd("--max", "13", "--yes"));
    expect(code).toBe(2);
    expect(stderr).toContain("13 is above the on-call bound for prod eastus2/fhi-llm-us/blue: onCall.maxCount is 12 (environments/prod.ts regions[0].endpoints[0].deployments[0].onCall)");
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
    h.server.usages.set("eastus2", [{ family: "StandardNCadsH100v5Family", current: 900, limit: 1000 }]);
    const { code, stderr } = await h.fhi(scaleProd("--max", "10", "--yes"));
    expect(code).toBe(2);
    expect(stderr).toContain("that needs 8 more x 40 vCPUs = 320 vCPUs, headroom is 100 (900 of 1000 used). Fix: choose at most 4");
    expect(lastAudit().outcome).toBe("refused");
  });

  test("lowering the ceiling never needs quota, even where quota is short", async () => {
    h.server.usages.set("eastus2", [{ family: "StandardNCadsH100v5Family", current: 1000, limit: 1000 }]);
    const { code } = await h.fhi(scaleProd("--max", "6", "--yes"));
    expect(code).toBe(0);
  });

  test("without --yes and without a terminal nothing is sent", async () => {
    const { code, stderr } = await h.fhi(scaleProd("--max", "10"));
    expect(code).toBe(2);
    expect(stderr).toContain("not confirmed: stdin is not a terminal");
    expect(h.server.requests).toEqual([]);
    expect(lastAudit()).toMatchObject({ outcome: "refused" });
  });

  test("a name used in two regions is ambiguous and the error lists both", async () => {
    const { code, stderr } = await h.fhi(["gpu", "scale", "--env", "prod", "--pool", "blue", "--max", "9", "--reason", "testing the guardrails", "--yes"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--pool blue is ambiguous in prod: it names eastus2/fhi-llm-us/blue, swedencentral/fhi-llm-eu/blue");
    expect(lastAudit()).toMatchObject({ outcome: "refused", target: "--pool blue" });
    const byRegion = await h.fhi(["gpu", "scale", "--env", "prod", "--pool", "blue", "--region", "swedencentral", "--max", "9", "--reason", "testing the guardrails", "--dry-run"]);
    expect(byRegion.code).toBe(0);
    expect(byRegion.stdout).toContain("Scale swedencentral/fhi-llm-eu/blue");
  });

  test("--count outside the live autoscale range would be undone, so it is refused", async () => {
    const { code, stderr } = await h.fhi(scaleProd("--count", "9", "--yes"));
    expect(code).toBe(2);
    expect(stderr).toContain("outside eastus2/fhi-llm-us/blue's live autoscale range 2..8");
  });

  test("a failed audit write fails the command", async () => {
    const blocked = path.join(h.dir, "blocked");
    fs.writeFileSync(blocked, "a file where a directory should be");
    const { code, stderr } = await h.fhi(scaleProd("--max", "10", "--yes", "--audit-log", path.join(blocked, "audit.jsonl")));
    expect(code).toBe(1);
    expect(stderr).toContain('could not write the audit record');
    expect(stderr).toContain('the command\'s outcome was "succeeded" and the change IS live in Azure');
  });
});

describe("Azure errors", () => {
  const writePath = /autoscalesettings\/autoscale-fhi-llm-us-blue$/;

  test("401 says to sign in to the tenant", async () => {
    h.server.fail("PATCH", writePath, { status: 401, body: { error: { code: "InvalidAuthenticationToken", message: "The access token is invalid." } } });
    const { code, stderr } = await h.fhi(scaleProd("--max", "10", "--yes"));
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
    const { code, stderr } = await h.fhi(scaleProd("--max", "10", "--yes"));
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
    expect(stderr).toContain("eastus2/gput4 is now: provisioning state Succeeded, count 0, min 0, max 2");
    expect(lastAudit().outcome).toBe("failed");
  });

  test("412: a pool changed by someone else after it was read is not overwritten", async () => {
    h.server.fail("PUT", /agentPools\/gput4$/, { status: 412, body: { error: { code: "PreconditionFailed", message: "modified" } } });
    const { code, stderr } = await h.fhi(scaleDev("gput4", "--max", "3", "--yes"));
    expect(code).toBe(1);
    expect(stderr).toContain("changed while scaling eastus2/gput4 (412 PreconditionFailed): someone or something else updated it after it was read, so nothing was written");
    expect(h.server.get(DEV_POOL).properties.maxCount).toBe(2);
    expect(lastAudit().outcome).toBe("failed");
  });

  test("429 is retried as Retry-After asks, then reported with it", async () => {
    const throttled = { status: 429, headers: { "retry-after": "17", "x-ms-retry-after-ms": "5" }, body: { error: { code: "TooManyRequests", message: "slow down" } } };
    h.server.fail("PATCH", writePath, throttled, throttled, throttled);
    const { code, stderr } = await h.fhi(scaleProd("--max", "10", "--yes"));
    expect(code).toBe(1);
    expect(h.server.requests.filter((r) => r.method === "PATCH")).toHaveLength(3);
    expect(stderr).toContain("Azure is throttling requests (429 TooManyRequests)");
    expect(stderr).toContain("gave up after 3 attempts. Azure asks to retry after 17 s");
    expect(lastAudit().outcome).toBe("failed");
  });

  test("a single 429 or 503 is retried and the change succeeds", async () => {
    h.server.fail("PATCH", writePath, { status: 429, headers: { "x-ms-retry-after-ms": "5" } }, { status: 503 });
    const { code } = await h.fhi(scaleProd("--max", "10", "--yes"));
    expect(code).toBe(0);
    expect(h.server.requests.filter((r) => r.method === "PATCH")).toHaveLength(3);
    expect(lastAudit().outcome).toBe("succeeded");
  });

  test("persistent 5xx is reported with the number of attempts", async () => {
    const failure = { status: 500, body: { error: { code: "InternalServerError", message: "boom" } } };
    h.server.fail("PATCH", writePath, failure, failure, failure);
    const { code, stderr } = await h.fhi(scaleProd("--max", "10", "--yes"));
    expect(code).toBe(1);
    expect(stderr).toContain("Azure failed (500 InternalServerError) while scaling eastus2/fhi-llm-us/blue, 3 attempts");
    expect(lastAudit().outcome).toBe("failed");
  });

  test("a failed long-running operation reports Azure's error and the pool's state now", async () => {
    h.server.lro.outcome = "Failed";
    h.server.lro.error = { code: "QuotaExceeded", message: "Not enough quota in eastus2" };
    const { code, stderr } = await h.fhi(scaleDev("gput4", "--max", "3", "--yes"));
    expect(code).toBe(1);
    expect(stderr).toContain("the operation failed in Azure while scaling eastus2/gput4");
    expect(stderr).toContain("QuotaExceeded");
    expect(stderr).toContain("eastus2/gput4 is now: provisioning state Failed");
    expect(lastAudit()).toMatchObject({ outcome: "failed" });
  });

  test("a cancelled long-running operation says so", async () => {
    h.server.lro.outcome = "Canceled";
    const { code, stderr } = await h.fhi(scaleDev("fhi-llm-dev/blue", "--count", "2", "--yes"));
    expect(code).toBe(1);
    expect(stderr).toContain("the operation was cancelled in Azure while scaling eastus2/fhi-llm-dev/blue");
    expect(lastAudit().outcome).toBe("failed");
  });

  test("Ctrl-C at the confirmation prompt sends nothing and is recorded", async () => {
    const tty = Object.assign(new PassThrough(), { isTTY: true });
    const pending = h.fhi(scaleProd("--max", "10"), { stdin: tty });
    // The quota read is the last call before the prompt.
    while (!h.server.requests.some((r) => r.path.endsWith("/usages"))) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 100));
    process.emit("SIGINT");
    const { code } = await pending;
    expect(code).toBe(130);
    expect(h.server.writes()).toEqual([]);
    expect(lastAudit()).toMatchObject({ outcome: "interrupted", before: { max: 8 } });
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
    const { code, stdout } = await h.fhi(scaleProd("--max", "8", "--yes"));
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

describe("the reason kept in the audit log", () => {
  test.each([[""], ["   "], ["x"], ["1234567890"]])("%j is refused before anything is done (was stored as given)", async (reason) => {
    const { code, stderr } = await h.fhi(["gpu", "scale", "--env", "prod", "--pool", PROD_US, "--max", "9", "--reason", reason, "--yes"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--reason:");
    expect(stderr).toContain("Fix: say why");
    expect(h.audit()).toEqual([]);
    expect(h.server.requests).toEqual([]);
  });

  test("a 100 KB reason is refused, not stored whole", async () => {
    const { code, stderr } = await h.fhi(["gpu", "scale", "--env", "prod", "--pool", PROD_US, "--max", "9", "--reason", "surge ".repeat(17_000), "--yes"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--reason: 101999 characters is more than the 500 an audit record keeps");
    expect(h.audit()).toEqual([]);
  });

  test("control characters never reach the audit log (no forged line, no terminal escape)", async () => {
    const { code } = await h.fhi(scaleProd("--max", "9", "--yes").map((arg) => (arg === "ED surge" ? 'ED surge\n{"outcome":"succeeded"}\u001b[2J INC-1' : arg)));
    expect(code).toBe(0);
    const lines = fs.readFileSync(h.auditFile, "utf8").trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]).reason).toBe('ED surge {"outcome":"succeeded"} [2J INC-1');
  });
});
