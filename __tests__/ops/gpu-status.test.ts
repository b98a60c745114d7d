import { API_VERSIONS } from "../../ops/gpu/arm";
import { useSeededHarness, type Harness } from "./support/estate";

let h: Harness;

const PROD_US_AUTOSCALE =
  "/subscriptions/00000000-0000-0000-0000-00000000e001/resourceGroups/rg-fhi-prod-eus2-inference/providers/Microsoft.Insights/autoscalesettings/autoscale-fhi-llm-us-blue";
const DEV_CLUSTER = "/subscriptions/00000000-0000-0000-0000-00000000d001/resourceGroups/rg-fhi-dev-eus2-inference/providers/Microsoft.ContainerService/managedClusters/aks-fhi-dev-eus2";
const DEV_FLUX = `${DEV_CLUSTER}/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/model-serving`;
const DEV_POOL = `${DEV_CLUSTER}/agentPools/gput4`;

const harness = useSeededHarness(["dev", "prod"]);
beforeEach(() => {
  h = harness();
});

const devVariables = (): Record<string, string> => h.server.get(DEV_FLUX).properties.kustomizations["model-serving"].postBuild.substitute;
const rowOf = (stdout: string, id: string) => stdout.split("\n").find((line) => line.startsWith(`${id} `))!;

test("reads every pool through the SDKs with the api-versions the dry run advertises", async () => {
  const dev = await h.fhi(["gpu", "status", "--env", "dev"]);
  const prod = await h.fhi(["gpu", "status", "--env", "prod"]);
  expect([dev.code, prod.code]).toEqual([0, 0]);
  const sent = (pattern: RegExp) => h.server.requests.filter((r) => pattern.test(r.path)).map((r) => r.apiVersion);
  expect(new Set(sent(/agentPools\/gput4$/))).toEqual(new Set([API_VERSIONS.containerService]));
  expect(new Set(sent(/fluxConfigurations\/model-serving$/))).toEqual(new Set([API_VERSIONS.kubernetesConfiguration]));
  expect(new Set(sent(/onlineEndpoints\//))).toEqual(new Set([API_VERSIONS.machineLearning]));
  expect(new Set(sent(/autoscalesettings$/))).toEqual(new Set([API_VERSIONS.autoscale]));
  expect(new Set(sent(/usages$/))).toEqual(new Set([API_VERSIONS.computeUsage]));
  // The node pool is read once, for its own row and for the deployment served on it.
  expect(sent(/agentPools\/gput4$/)).toHaveLength(1);
  expect(h.server.requests.every((r) => r.authorization === h.server.requests[0].authorization && r.authorization?.startsWith("Bearer "))).toBe(true);
  expect(h.credential.scopes).toContainEqual([`${h.server.url}/.default`]);
});

test("prod: live, config, on-call bounds, traffic and quota side by side", async () => {
  const { code, stdout } = await h.fhi(["gpu", "status", "--env", "prod", "--region", "eastus2"]);
  expect(code).toBe(0);
  expect(rowOf(stdout, "eastus2/fhi-llm-us/blue")).toMatch(
    /AML managed\s+Standard_ND96isr_H100_v5\s+Succeeded\s+2\s+2\.\.4 \(azure-monitor-autoscale\)\s+2\.\.4 default 2\s+1\.\.6\s+100% \(config 100%\)$/,
  );
  // 200 of 1000 vCPUs used; growing from 2 to the on-call max of 6 ND96 H100 VMs takes 4 x 96 vCPUs; 800 vCPUs hold 8 more.
  expect(stdout).toMatch(/eastus2\/fhi-llm-us\/blue\s+standardNDSH100v5Family\s+200\/1000\s+800\s+384\s+10/);
  expect(stdout).not.toContain("swedencentral");
  expect(stdout).not.toContain("ARM does not show the replica count");
});

test("dev: a cluster-served deployment shows its Flux bounds and compliance, and its GPU pool's nodes as the count", async () => {
  h.server.get(DEV_POOL).properties.count = 1;
  const { code, stdout } = await h.fhi(["gpu", "status", "--env", "dev"]);
  expect(code).toBe(0);
  expect(rowOf(stdout, "eastus2/fhi-llm-dev/blue")).toMatch(
    /AKS deployment\s+Standard_NC8as_T4_v3\s+Succeeded, Compliant\s+1 node\s+1\.\.2 \(keda\)\s+1\.\.2\s+0\.\.4\s+\(config 100%\)$/,
  );
  expect(stdout).toContain("AKS deployment: ARM does not show the replica count. count is the node count of the deployment's GPU pool");
  // Its nodes are the pool's: quota is shown once, for the pool.
  expect(stdout).toMatch(/\neastus2\/gput4\s+standardNCASv3_T4Family\s+200\/1000/);
  expect(stdout).not.toMatch(/\neastus2\/fhi-llm-dev\/blue\s+standardNCASv3_T4Family/);
});

test("live values that differ from the config are DRIFT and exit 1", async () => {
  h.server.get(PROD_US_AUTOSCALE).properties.profiles[0].capacity.maximum = "6";
  h.server.get(
    "/subscriptions/00000000-0000-0000-0000-00000000e001/resourceGroups/rg-fhi-prod-eus2-inference/providers/Microsoft.MachineLearningServices/workspaces/mlw-fhi-prod-eus2/onlineEndpoints/fhi-llm-us",
  ).properties.traffic.blue = 90;
  const { code, stdout } = await h.fhi(["gpu", "status", "--env", "prod"]);
  expect(code).toBe(1);
  expect(stdout).toContain("DRIFT: max 6 (config 4); traffic % 90 (config 100)");
});

test("Flux variables that differ from the config are DRIFT of the deployment", async () => {
  devVariables().BLUE_MIN_REPLICAS = "0";
  const { code, stdout } = await h.fhi(["gpu", "status", "--env", "dev"]);
  expect(code).toBe(1);
  expect(rowOf(stdout, "eastus2/fhi-llm-dev/blue")).toMatch(/0\.\.2 \(keda\).*DRIFT: min 0 \(config 1\)$/);
  expect(rowOf(stdout, "eastus2/gput4")).not.toContain("DRIFT");
});

test("a deployment whose max its node pool cannot hold is a finding (exit 1) with the command that fixes it", async () => {
  devVariables().BLUE_MAX_REPLICAS = "3";
  const { code, stdout } = await h.fhi(["gpu", "status", "--env", "dev"]);
  expect(code).toBe(1);
  expect(stdout).toContain(
    "\neastus2/fhi-llm-dev/blue: max 3 replicas do not fit GPU pool eastus2/gput4, which can run 2 nodes (one replica per node), so a surge stops at 2. Fix: fhi gpu scale --env dev --pool eastus2/gput4 --max 3, or lower the deployment's --max",
  );
});

test("Flux not applying the configuration is a finding, with Azure's message", async () => {
  Object.assign(h.server.get(DEV_FLUX).properties, { complianceState: "Non-Compliant", errorMessage: "kustomization path not found" });
  const { code, stdout } = await h.fhi(["gpu", "status", "--env", "dev"]);
  expect(code).toBe(1);
  expect(rowOf(stdout, "eastus2/fhi-llm-dev/blue")).toContain("Succeeded, Non-Compliant");
  expect(stdout).toContain("eastus2/fhi-llm-dev/blue: Flux reports model-serving Non-Compliant: the cluster does not run what the configuration says (kustomization path not found)");
});

test("json output carries the same facts for scripts", async () => {
  const { code, stdout } = await h.fhi(["gpu", "status", "--env", "dev", "--format", "json"]);
  expect(code).toBe(0);
  const statuses = JSON.parse(stdout);
  expect(statuses.map((s: { pool: { id: string } }) => s.pool.id)).toEqual(["eastus2/gput4", "eastus2/fhi-llm-dev/blue"]);
  expect(statuses[0]).toMatchObject({ live: { count: 0, min: 0, max: 2, scaler: "cluster-autoscaler" }, drift: [], headroom: { family: "standardNCASv3_T4Family" } });
  expect(statuses[1]).toMatchObject({
    pool: { kind: "aks-deployment", consumesQuota: false, flux: { configuration: "model-serving", variables: { min: "BLUE_MIN_REPLICAS", max: "BLUE_MAX_REPLICAS" } } },
    live: { min: 1, max: 2, scaler: "keda", cluster: { complianceState: "Compliant", syncIntervalSeconds: 120, nodePool: { id: "eastus2/gput4", count: 0, max: 2 } } },
    drift: [],
    problems: [],
  });
  expect(statuses[1].live.count).toBeUndefined();
  expect(statuses[1].headroom).toBeUndefined();
});

test("a pool that cannot be read is shown with the reason, and the command exits 2 (not read), not 1 (drift)", async () => {
  h.server.fail("GET", /agentPools\/gput4$/, {
    status: 403,
    body: { error: { code: "AuthorizationFailed", message: "does not have authorization to perform action 'Microsoft.ContainerService/managedClusters/agentPools/read' over scope" } },
  });
  const { code, stdout } = await h.fhi(["gpu", "status", "--env", "dev"]);
  expect(code).toBe(2);
  expect(stdout).toMatch(/eastus2\/gput4\s+AKS node pool\s+Standard_NC8as_T4_v3\s+ERROR/);
  expect(stdout).toMatch(/eastus2\/fhi-llm-dev\/blue\s+AKS deployment\s+Standard_NC8as_T4_v3\s+ERROR/);
  expect(stdout).toContain("eastus2/gput4: permission denied (403 AuthorizationFailed) while reading eastus2/gput4");
  expect(stdout).toContain('missing Microsoft.ContainerService/managedClusters/agentPools/read. Fix: request the role "Reader"');
  // The deployment's error names the resource that failed, the node pool, not its Flux configuration.
  expect(stdout).toContain(`eastus2/fhi-llm-dev/blue: permission denied (403 AuthorizationFailed) while reading GPU pool eastus2/gput4 of eastus2/fhi-llm-dev/blue on ${DEV_POOL}`);
});

test("a missing Flux configuration or variable says what is wrong and that a deploy restores it", async () => {
  delete devVariables().BLUE_MAX_REPLICAS;
  const edited = await h.fhi(["gpu", "status", "--env", "dev"]);
  expect(edited.code).toBe(2);
  expect(edited.stdout).toContain(
    "eastus2/fhi-llm-dev/blue: Flux configuration model-serving of aks-fhi-dev-eus2 has no post-build variable BLUE_MAX_REPLICAS, so eastus2/fhi-llm-dev/blue's replica bounds cannot be read or changed through it. Fix: deploy the dev-eastus2-inference stack again (it writes the variables from environments/dev.ts), then retry",
  );
  h.server.resources.delete(DEV_FLUX.toLowerCase());
  const missing = await h.fhi(["gpu", "status", "--env", "dev"]);
  expect(missing.code).toBe(2);
  expect(missing.stdout).toContain(`not found (404 ResourceNotFound) while reading Flux configuration model-serving of eastus2/fhi-llm-dev/blue: ${DEV_FLUX} does not exist`);
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
