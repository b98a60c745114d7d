import { API_VERSIONS } from "../../ops/gpu/arm";
import { useSeededHarness, type Harness } from "./support/estate";

let h: Harness;

const PROD_US_AUTOSCALE =
  "/subscriptions/00000000-0000-0000-0000-00000000e001/resourceGroups/rg-fhi-prod-eus2-inference/providers/Microsoft.Insights/autoscalesettings/autoscale-fhi-llm-us-blue";

const harness = useSeededHarness(["dev", "prod"]);
beforeEach(() => {
  h = harness();
});

test("reads every pool through the SDKs with the api-versions the dry run advertises", async () => {
  const dev = await h.fhi(["gpu", "status", "--env", "dev"]);
  const prod = await h.fhi(["gpu", "status", "--env", "prod"]);
  expect([dev.code, prod.code]).toEqual([0, 0]);
  const sent = (pattern: RegExp) => h.server.requests.filter((r) => pattern.test(r.path)).map((r) => r.apiVersion);
  expect(new Set(sent(/agentPools\/gput4$/))).toEqual(new Set([API_VERSIONS.containerService]));
  expect(new Set(sent(/onlineEndpoints\//))).toEqual(new Set([API_VERSIONS.machineLearning]));
  expect(new Set(sent(/autoscalesettings$/))).toEqual(new Set([API_VERSIONS.autoscale]));
  expect(new Set(sent(/usages$/))).toEqual(new Set([API_VERSIONS.computeUsage]));
  expect(h.server.requests.every((r) => r.authorization === h.server.requests[0].authorization && r.authorization?.startsWith("Bearer "))).toBe(true);
  expect(h.credential.scopes).toContainEqual([`${h.server.url}/.default`]);
});

test("shows live, config, on-call bounds, traffic and quota side by side", async () => {
  const { code, stdout } = await h.fhi(["gpu", "status", "--env", "prod", "--region", "eastus2"]);
  expect(code).toBe(0);
  const row = stdout.split("\n").find((line) => line.startsWith("eastus2/fhi-llm-us/blue") && line.includes("AML managed"))!;
  expect(row).toMatch(/Succeeded\s+2\s+2\.\.8 \(azure-monitor-autoscale\)\s+2\.\.8 default 2\s+1\.\.12\s+100% \(config 100%\)$/);
  // 200 of 1000 vCPUs used; growing from 2 to the on-call max of 12 H100 NVL VMs takes 10 x 40 vCPUs.
  expect(stdout).toMatch(/eastus2\/fhi-llm-us\/blue\s+StandardNCadsH100v5Family\s+200\/1000\s+800\s+400\s+22/);
  expect(stdout).not.toContain("swedencentral");
});

test("live values that differ from the config are DRIFT and exit 1", async () => {
  h.server.get(PROD_US_AUTOSCALE).properties.profiles[0].capacity.maximum = "10";
  h.server.get(
    "/subscriptions/00000000-0000-0000-0000-00000000e001/resourceGroups/rg-fhi-prod-eus2-inference/providers/Microsoft.MachineLearningServices/workspaces/mlw-fhi-prod-eus2/onlineEndpoints/fhi-llm-us",
  ).properties.traffic.blue = 90;
  const { code, stdout } = await h.fhi(["gpu", "status", "--env", "prod"]);
  expect(code).toBe(1);
  expect(stdout).toContain("DRIFT: max 10 (config 8); traffic % 90 (config 100)");
});

test("json output carries the same facts for scripts", async () => {
  const { code, stdout } = await h.fhi(["gpu", "status", "--env", "dev", "--format", "json"]);
  expect(code).toBe(0);
  const statuses = JSON.parse(stdout);
  expect(statuses.map((s: { pool: { id: string } }) => s.pool.id)).toEqual(["eastus2/gput4", "eastus2/fhi-llm-dev/blue"]);
  expect(statuses[0]).toMatchObject({ live: { count: 0, min: 0, max: 2, scaler: "cluster-autoscaler" }, drift: [], headroom: { family: "standardNCASv3_T4Family" } });
});

test("a pool that cannot be read is shown with the reason, and the command exits 2 (not read), not 1 (drift)", async () => {
  h.server.fail("GET", /agentPools\/gput4$/, {
    status: 403,
    body: { error: { code: "AuthorizationFailed", message: "does not have authorization to perform action 'Microsoft.ContainerService/managedClusters/agentPools/read' over scope" } },
  });
  const { code, stdout } = await h.fhi(["gpu", "status", "--env", "dev"]);
  expect(code).toBe(2);
  expect(stdout).toMatch(/eastus2\/gput4\s+AKS node pool\s+Standard_NC8as_T4_v3\s+ERROR/);
  expect(stdout).toContain('eastus2/gput4: permission denied (403 AuthorizationFailed) while reading eastus2/gput4');
  expect(stdout).toContain('missing Microsoft.ContainerService/managedClusters/agentPools/read. Fix: request the role "Reader"');
});

test("an unknown region is a usage error naming the regions there are", async () => {
  const { code, stderr } = await h.fhi(["gpu", "status", "--env", "prod", "--region", "westeurope"]);
  expect(code).toBe(2);
  expect(stderr).toContain("--region westeurope: environment prod has no such region. Fix: use one of eastus2, swedencentral");
});

test("without a credential every pool says the same thing once: sign in to the tenant", async () => {
  h.credential.failure = Object.assign(new Error("ChainedTokenCredential authentication failed."), { name: "AggregateAuthenticationError" });
  try {
    const { code, stdout } = await h.fhi(["gpu", "status", "--env", "dev"]);
    expect(code).toBe(2);
    expect(stdout).toContain("Quota headroom: nothing to show");
    expect(stdout).not.toContain("quota family");
    const tenant = h.environment("dev").tenantId;
    expect(stdout).toContain(
      `\neastus2/gput4, eastus2/fhi-llm-dev/blue: no Azure token for tenant ${tenant}: no credential was available (AggregateAuthenticationError). Fix: az login --tenant ${tenant}`,
    );
    expect(h.server.requests.filter((r) => r.authorization)).toEqual([]);
  } finally {
    h.credential.failure = undefined;
  }
});
