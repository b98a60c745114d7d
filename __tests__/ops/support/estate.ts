/** The environments as the tests run them (pointed at the fake server through a custom cloud), their live estate, and an in-process `fhi`. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Readable } from "node:stream";
import { ENVIRONMENTS } from "../../../environments";
import type { Environment, EnvironmentInput } from "../../../environments/schema/config";
import { loadEnvironment } from "../../../ops/environment";
import { deploymentId, endpointId, fluxConfigurationId, poolResourceId } from "../../../ops/gpu/arm";
import { listGpuPools, type AksDeployment, type GpuPool, type MlDeployment } from "../../../ops/gpu/pools";
import { run } from "../../../scripts/program";
import type { AuditRecord } from "../../../ops/audit";
import { FakeAzure, TestCredential } from "./fake-azure";

export function catalogFor(server: FakeAzure): Record<string, EnvironmentInput> {
  const cloud = { resourceManagerUrl: server.url, keyVaultDnsSuffix: ".vault.fake", authorityHost: server.url, keyVaultEndpoint: server.url };
  return Object.fromEntries(Object.entries(ENVIRONMENTS).map(([name, input]) => [name, { ...input, cloud }]));
}

/**
 * The cluster's serving Flux configuration as azurerm creates it (constructs/gitops/flux.ts): blob source, one
 * kustomization whose post-build variables hold every deployment's replica bounds. Seeded once per cluster, each
 * deployment adding its variables.
 */
function seedFluxConfiguration(server: FakeAzure, subscription: string, pool: AksDeployment): void {
  const id = fluxConfigurationId(subscription, pool);
  const existing = server.get(id);
  const variables = { ...existing?.properties.kustomizations[pool.flux.kustomization].postBuild.substitute };
  variables[pool.flux.variables.min] = String(pool.config.min);
  variables[pool.flux.variables.max] = String(pool.config.max);
  server.put(id, {
    type: "Microsoft.KubernetesConfiguration/fluxConfigurations",
    properties: {
      scope: "cluster",
      namespace: "flux-system",
      sourceKind: "AzureBlob",
      suspend: false,
      azureBlob: { url: "https://stfhiartifacts.blob.core.windows.net", containerName: "gitops", syncIntervalInSeconds: 120, managedIdentity: { clientId: "kubelet" } },
      kustomizations: {
        [pool.flux.kustomization]: {
          name: pool.flux.kustomization,
          path: `./clusters/${pool.cluster}`,
          syncIntervalInSeconds: 120,
          retryIntervalInSeconds: 60,
          timeoutInSeconds: 600,
          prune: true,
          postBuild: { substitute: variables },
        },
      },
      provisioningState: "Succeeded",
      complianceState: "Compliant",
    },
  });
}

function seedMlDeployment(server: FakeAzure, environment: Environment, pool: MlDeployment): void {
  const subscription = environment.subscriptionId;
  const endpoint = server.get(endpointId(subscription, pool));
  server.put(endpointId(subscription, pool), {
    type: "Microsoft.MachineLearningServices/workspaces/onlineEndpoints",
    location: pool.region,
    properties: { authMode: "AADToken", provisioningState: "Succeeded", traffic: { ...endpoint?.properties.traffic, [pool.name]: pool.trafficPercent } },
  });
  server.put(deploymentId(subscription, pool), {
    type: "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments",
    location: pool.region,
    sku: { name: "Default", capacity: pool.config.count },
    properties: { endpointComputeType: "Managed", instanceType: pool.vmSize, provisioningState: "Succeeded", scaleSettings: { scaleType: "Default" } },
  });
  const declared = environment.regions.flatMap((r) => r.endpoints).flatMap((e) => e.deployments).find((d) => d.name === pool.name)!;
  if (declared.autoscaleRules.length === 0) return;
  const name = `autoscale-${pool.endpoint}-${pool.name}`;
  server.put(`/subscriptions/${subscription}/resourceGroups/${pool.resourceGroup}/providers/Microsoft.Insights/autoscalesettings/${name}`, {
    type: "Microsoft.Insights/autoscalesettings",
    location: pool.region,
    properties: {
      name,
      enabled: true,
      targetResourceUri: deploymentId(subscription, pool),
      profiles: [{ name: "default", capacity: { minimum: String(pool.config.min), maximum: String(pool.config.max), default: String(pool.config.count) }, rules: [] }],
    },
  });
}

/** Live resources exactly as the config says (no drift), and quota with room to grow. */
export function seedEstate(server: FakeAzure, environment: Environment): void {
  const subscription = environment.subscriptionId;
  for (const pool of listGpuPools(environment)) {
    server.usages.set(pool.region, [
      ...(server.usages.get(pool.region) ?? []).filter((u) => u.family !== pool.sku?.quotaFamily),
      { family: pool.sku!.quotaFamily, current: 200, limit: 1000 },
    ]);
    if (pool.kind === "aks-node-pool") {
      server.put(poolResourceId(subscription, pool), {
        type: "Microsoft.ContainerService/managedClusters/agentPools",
        properties: {
          count: pool.config.min,
          minCount: pool.config.min,
          maxCount: pool.config.max,
          enableAutoScaling: true,
          vmSize: pool.vmSize,
          mode: "User",
          provisioningState: "Succeeded",
          eTag: "etag-seeded",
        },
      });
    } else if (pool.kind === "aks-deployment") {
      seedFluxConfiguration(server, subscription, pool);
    } else {
      seedMlDeployment(server, environment, pool);
    }
  }
}

export interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Harness {
  readonly server: FakeAzure;
  readonly credential: TestCredential;
  readonly catalog: Record<string, EnvironmentInput>;
  readonly dir: string;
  readonly auditFile: string;
  environment(name: string): Environment;
  pool(environment: string, id: string): GpuPool;
  fhi(argv: string[], options?: { stdin?: NodeJS.ReadableStream & { isTTY?: boolean }; env?: NodeJS.ProcessEnv; now?: Date }): Promise<Outcome>;
  audit(): AuditRecord[];
}

export async function startHarness(): Promise<Harness> {
  const server = await FakeAzure.start();
  const credential = new TestCredential();
  const catalog = catalogFor(server);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-ops-"));
  const auditFile = path.join(dir, ".fhi", "audit.jsonl");
  const environment = (name: string) => loadEnvironment(name, catalog);
  return {
    server,
    credential,
    catalog,
    dir,
    auditFile,
    environment,
    pool: (env, id) => listGpuPools(environment(env)).find((pool) => pool.id === id)!,
    async fhi(argv, options = {}) {
      let stdout = "";
      let stderr = "";
      const code = await run(argv, {
        stdout: (text) => (stdout += text),
        stderr: (text) => (stderr += text),
        stdin: options.stdin ?? Object.assign(Readable.from([]), { isTTY: false }),
        env: { NODE_EXTRA_CA_CERTS: server.caFile, ...options.env },
        cwd: dir,
        environments: catalog,
        azure: { credential, retry: { maxRetries: 2, retryDelayInMs: 5, maxRetryDelayInMs: 20 }, pollIntervalMs: 5 },
        now: options.now ? () => options.now! : undefined,
      });
      return { code, stdout, stderr };
    },
    audit() {
      return fs.existsSync(auditFile)
        ? fs.readFileSync(auditFile, "utf8").trim().split("\n").filter(Boolean).map((line) => JSON.parse(line) as AuditRecord)
        : [];
    },
  };
}

/** One harness per test file; before each test the estate of `environments` is re-seeded and the audit log emptied. */
export function useSeededHarness(environments: readonly string[]): () => Harness {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.server.close());
  beforeEach(() => {
    harness.server.resetTraffic();
    harness.server.resources.clear();
    fs.rmSync(harness.auditFile, { force: true });
    for (const name of environments) seedEstate(harness.server, harness.environment(name));
  });
  return () => harness;
}
