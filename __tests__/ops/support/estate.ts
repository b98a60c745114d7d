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
import { RegionNames } from "../../../environments/schema/naming";
import { mirrorPercent } from "../../../environments/schema/releases";
import { MIRROR_VARIABLE, trafficVariable } from "../../../environments/schema/serving";
import type { ReleaseCatalogInput } from "../../../environments/schema/validate";
import { run } from "../../../scripts/program";
import type { AuditRecord } from "../../../ops/audit";
import { FakeAzure, TestCredential } from "./fake-azure";

export function catalogFor(server: FakeAzure): Record<string, EnvironmentInput> {
  const cloud = { resourceManagerUrl: server.url, keyVaultDnsSuffix: ".vault.fake", authorityHost: server.url, keyVaultEndpoint: server.url, logAnalyticsEndpoint: server.url };
  return Object.fromEntries(Object.entries(ENVIRONMENTS).map(([name, input]) => [name, { ...input, cloud }]));
}

/** How long before the server's clock the seeded resources were last written: a week, longer than any step's bake. */
export const SEEDED_AGE_MS = 7 * 86_400_000;

const seededSystemData = (server: FakeAzure) => ({ lastModifiedAt: new Date(server.clock().getTime() - SEEDED_AGE_MS).toISOString(), lastModifiedBy: "deployer", lastModifiedByType: "Application" });

/** The endpoint a deployment serves, as the environment declares it. */
function endpointOf(environment: Environment, pool: MlDeployment | AksDeployment) {
  return environment.regions.find((region) => region.location === pool.region)!.endpoints.find((endpoint) => endpoint.name === pool.endpoint)!;
}

/**
 * The cluster's serving Flux configuration as the inference stack creates it (constructs/gitops/flux.ts,
 * stacks/serving/cluster-serving.ts): blob source, one kustomization whose post-build variables hold every
 * deployment's replica bounds and traffic share, and the mirrored share while a rollout exists. Seeded once per
 * cluster, each deployment adding its variables.
 */
function seedFluxConfiguration(server: FakeAzure, environment: Environment, pool: AksDeployment): void {
  const id = fluxConfigurationId(environment.subscriptionId, pool);
  const existing = server.get(id);
  const endpoint = endpointOf(environment, pool);
  const variables = { ...existing?.properties.kustomizations[pool.flux.kustomization].postBuild.substitute };
  variables[pool.flux.variables.min] = String(pool.config.min);
  variables[pool.flux.variables.max] = String(pool.config.max);
  variables[trafficVariable(pool.name)] = String(pool.trafficPercent);
  if (endpoint.rollout) variables[MIRROR_VARIABLE] = String(mirrorPercent(endpoint));
  server.put(id, {
    systemData: seededSystemData(server),
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
  const config = endpointOf(environment, pool);
  const mirrored = config.rollout?.next === pool.name ? mirrorPercent(config) : 0;
  server.put(endpointId(subscription, pool), {
    type: "Microsoft.MachineLearningServices/workspaces/onlineEndpoints",
    location: pool.region,
    identity: { type: "UserAssigned", userAssignedIdentities: { "/subscriptions/x/id-model-server": { principalId: "p", clientId: "c" } } },
    systemData: seededSystemData(server),
    properties: {
      authMode: "AADToken",
      provisioningState: "Succeeded",
      scoringUri: `https://${pool.endpoint}.${pool.region}.inference.ml.azure.com/score`,
      publicNetworkAccess: "Disabled",
      traffic: { ...endpoint?.properties.traffic, [pool.name]: pool.trafficPercent },
      mirrorTraffic: { ...endpoint?.properties.mirrorTraffic, [pool.name]: mirrored },
    },
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

/** The region's Azure Monitor workspace, its Prometheus query endpoint on the fake server. */
function seedMonitorWorkspace(server: FakeAzure, environment: Environment, pool: AksDeployment): void {
  const names = new RegionNames(environment, pool.region);
  server.put(`/subscriptions/${environment.subscriptionId}/resourceGroups/${pool.resourceGroup}/providers/Microsoft.Monitor/accounts/${names.monitorWorkspace()}`, {
    type: "Microsoft.Monitor/accounts",
    location: pool.region,
    properties: { provisioningState: "Succeeded", publicNetworkAccess: "Disabled", metrics: { prometheusQueryEndpoint: `${server.url}/prometheus/${names.monitorWorkspace()}`, internalId: "mac_0000" } },
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
      seedFluxConfiguration(server, environment, pool);
      seedMonitorWorkspace(server, environment, pool);
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
  /** Environments (by name: input) and release records the next commands see instead of the repository's. */
  use(environments: Record<string, EnvironmentInput>, releases?: ReleaseCatalogInput): void;
  audit(): AuditRecord[];
}

export async function startHarness(): Promise<Harness> {
  const server = await FakeAzure.start();
  const credential = new TestCredential();
  const catalog = catalogFor(server);
  let releases: ReleaseCatalogInput | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-ops-"));
  const auditFile = path.join(dir, ".fhi", "audit.jsonl");
  const environment = (name: string) => loadEnvironment(name, catalog, { releases, today: process.env.FHI_TODAY || undefined });
  return {
    server,
    credential,
    catalog,
    dir,
    auditFile,
    environment,
    pool: (env, id) => listGpuPools(environment(env)).find((pool) => pool.id === id)!,
    use(environments, records) {
      const cloud = catalogFor(server).dev.cloud;
      for (const [name, input] of Object.entries(environments)) catalog[name] = { ...input, cloud } as EnvironmentInput;
      releases = records;
    },
    async fhi(argv, options = {}) {
      let stdout = "";
      let stderr = "";
      const code = await run(argv, {
        stdout: (text) => (stdout += text),
        stderr: (text) => (stderr += text),
        stdin: options.stdin ?? Object.assign(Readable.from([]), { isTTY: false }),
        // The day promotions are judged on follows the test's pin (__tests__/support/today.ts), as it would the shell's.
        env: { NODE_EXTRA_CA_CERTS: server.caFile, ...(process.env.FHI_TODAY ? { FHI_TODAY: process.env.FHI_TODAY } : {}), ...options.env },
        cwd: dir,
        environments: catalog,
        releases,
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
