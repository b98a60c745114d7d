/** What Azure says a GPU pool looks like right now, read through the SDK clients. */
import type { AgentPool } from "@azure/arm-containerservice";
import type { AutoscaleSettingResource } from "@azure/arm-monitor";
import type { FluxConfiguration } from "@azure/arm-kubernetesconfiguration";
import type { AzureClients } from "../clients";
import { explainAzureError } from "../azure-errors";
import { environmentFile } from "../environment";
import { OpsError } from "../errors";
import { fluxConfigurationId, MANAGED_CLUSTER, nodePoolIdOf, poolResourceId } from "./arm";
import type { AksDeployment, AksNodePool, GpuPool, MlDeployment } from "./pools";

/** Who decides the instance count between min and max. */
export type Scaler = "cluster-autoscaler" | "manual" | "azure-monitor-autoscale" | "keda" | "fixed";

/** What ARM shows of a cluster-served deployment: its Flux configuration and the node pool its replicas run on. */
export interface ClusterServingState {
  /** Flux's report on the cluster against the configuration: Compliant, Non-Compliant, Pending, Suspended or Unknown. */
  readonly complianceState: string;
  readonly errorMessage?: string;
  /** Every post-build variable of the serving kustomization; a scale keeps all but the two it changes. */
  readonly variables: Readonly<Record<string, string>>;
  /** How often Flux reconciles the kustomization, which is when changed bounds reach the cluster. */
  readonly syncIntervalSeconds?: number;
  /** The node count is the nearest ARM offers to the replica count: one replica per node. */
  readonly nodePool: { readonly id: string; readonly provisioningState: string; readonly count?: number; readonly min?: number; readonly max?: number; readonly autoscaled: boolean };
}

export interface LiveState {
  readonly provisioningState: string;
  readonly vmSize?: string;
  /** Nodes or instances running now; unknown for a cluster-served deployment (its replicas are not ARM resources). */
  readonly count?: number;
  readonly min?: number;
  readonly max?: number;
  readonly scaler: Scaler;
  /** The Azure Monitor autoscale setting that sizes a managed deployment, if one targets it. */
  readonly autoscaleSetting?: { readonly name: string; readonly enabled: boolean; readonly default: number };
  /** Share of the endpoint's traffic the deployment receives (Azure ML only; the cluster's router is not an ARM resource). */
  readonly trafficPercent?: number;
  readonly cluster?: ClusterServingState;
}

/** Reads made once per command however many pools ask (a node pool and the deployments served on it), until forgotten. */
const readCache = new WeakMap<AzureClients, Map<string, Promise<unknown>>>();

function readOnce<T>(clients: AzureClients, key: string, read: () => Promise<T>): Promise<T> {
  const cached = readCache.get(clients) ?? new Map<string, Promise<unknown>>();
  readCache.set(clients, cached);
  if (!cached.has(key)) cached.set(key, read());
  return cached.get(key) as Promise<T>;
}

function agentPool(clients: AzureClients, resourceGroup: string, cluster: string, name: string): Promise<AgentPool> {
  return readOnce(clients, `agentPool:${resourceGroup}/${cluster}/${name}`, () => clients.containerService().agentPools.get(resourceGroup, cluster, name));
}

async function readAgentPool(clients: AzureClients, pool: AksNodePool): Promise<LiveState> {
  const live = await agentPool(clients, pool.resourceGroup, pool.cluster, pool.name);
  return {
    provisioningState: live.provisioningState ?? "Unknown",
    vmSize: live.vmSize,
    count: live.count,
    min: live.enableAutoScaling ? live.minCount : undefined,
    max: live.enableAutoScaling ? live.maxCount : undefined,
    scaler: live.enableAutoScaling ? "cluster-autoscaler" : "manual",
  };
}

/** The autoscale settings of a resource group. */
function autoscaleSettings(clients: AzureClients, resourceGroup: string): Promise<AutoscaleSettingResource[]> {
  return readOnce(clients, `autoscaleSettings:${resourceGroup}`, async () => {
    const all: AutoscaleSettingResource[] = [];
    for await (const setting of clients.monitor().autoscaleSettings.listByResourceGroup(resourceGroup)) all.push(setting);
    return all;
  });
}

/** The autoscale setting whose target is this deployment; matched by target, so its name may be anything. */
export async function findAutoscaleSetting(clients: AzureClients, pool: MlDeployment): Promise<AutoscaleSettingResource | undefined> {
  const target = poolResourceId(clients.environment.subscriptionId, pool).toLowerCase();
  return (await autoscaleSettings(clients, pool.resourceGroup)).find((setting) => setting.targetResourceUri?.toLowerCase() === target);
}

async function readDeployment(clients: AzureClients, pool: MlDeployment): Promise<LiveState> {
  const ml = clients.machineLearning();
  const [deployment, endpoint, autoscale] = await Promise.all([
    ml.onlineDeployments.get(pool.resourceGroup, pool.workspace, pool.endpoint, pool.name),
    ml.onlineEndpoints.get(pool.resourceGroup, pool.workspace, pool.endpoint),
    findAutoscaleSetting(clients, pool),
  ]);
  const base = {
    provisioningState: deployment.properties.provisioningState ?? "Unknown",
    vmSize: deployment.properties.instanceType,
    count: deployment.sku?.capacity,
    trafficPercent: endpoint.properties.traffic?.[pool.name] ?? 0,
  };
  const profile = autoscale?.profiles[0];
  if (autoscale && profile) {
    return {
      ...base,
      min: Number(profile.capacity.minimum),
      max: Number(profile.capacity.maximum),
      scaler: "azure-monitor-autoscale",
      autoscaleSetting: { name: autoscale.name ?? "", enabled: autoscale.enabled ?? false, default: Number(profile.capacity.default) },
    };
  }
  return { ...base, scaler: "fixed" };
}

/** The serving Flux configuration of the deployment's cluster, read through the Kubernetes Configuration SDK. */
export async function readFluxConfiguration(clients: AzureClients, pool: AksDeployment, abortSignal?: AbortSignal): Promise<FluxConfiguration> {
  try {
    return await clients
      .kubernetesConfiguration()
      .fluxConfigurations.get(pool.resourceGroup, MANAGED_CLUSTER.provider, MANAGED_CLUSTER.type, pool.cluster, pool.flux.configuration, { abortSignal });
  } catch (error) {
    throw explainAzureError(error, {
      action: `reading Flux configuration ${pool.flux.configuration} of ${pool.id}`,
      resourceId: fluxConfigurationId(clients.environment.subscriptionId, pool),
      writing: false,
      clients,
    });
  }
}

/** A configuration changed outside this code is not guessed at: the next deploy restores it. */
function notAsDeployed(clients: AzureClients, pool: AksDeployment, what: string): OpsError {
  return new OpsError(
    `Flux configuration ${pool.flux.configuration} of ${pool.cluster} ${what}, so ${pool.id}'s replica bounds cannot be read or changed through it. Fix: deploy the ${clients.environment.name}-${pool.region}-inference stack again (it writes the variables from ${environmentFile(clients.environment.name)}), then retry`,
    "failed",
  );
}

/** The kustomization's post-build variables, as they are now. */
export function servingVariables(clients: AzureClients, pool: AksDeployment, configuration: FluxConfiguration): Record<string, string> {
  const kustomization = configuration.kustomizations?.[pool.flux.kustomization];
  if (!kustomization) throw notAsDeployed(clients, pool, `has no kustomization ${pool.flux.kustomization}`);
  return { ...kustomization.postBuild?.substitute };
}

function replicaBound(clients: AzureClients, pool: AksDeployment, variables: Record<string, string>, name: string): number {
  const raw = variables[name];
  if (raw === undefined) throw notAsDeployed(clients, pool, `has no post-build variable ${name}`);
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value)) throw notAsDeployed(clients, pool, `holds ${JSON.stringify(raw)} in ${name}, not a whole number`);
  return value;
}

async function readNodePool(clients: AzureClients, pool: AksDeployment): Promise<ClusterServingState["nodePool"]> {
  try {
    const live = await agentPool(clients, pool.resourceGroup, pool.cluster, pool.nodePool.name);
    const autoscaled = live.enableAutoScaling ?? false;
    return {
      id: pool.nodePool.id,
      provisioningState: live.provisioningState ?? "Unknown",
      count: live.count,
      min: autoscaled ? live.minCount : undefined,
      max: autoscaled ? live.maxCount : undefined,
      autoscaled,
    };
  } catch (error) {
    throw explainAzureError(error, {
      action: `reading GPU pool ${pool.nodePool.id} of ${pool.id}`,
      resourceId: nodePoolIdOf(clients.environment.subscriptionId, pool),
      writing: false,
      clients,
    });
  }
}

async function readClusterDeployment(clients: AzureClients, pool: AksDeployment): Promise<LiveState> {
  const [configuration, nodePool] = await Promise.all([readFluxConfiguration(clients, pool), readNodePool(clients, pool)]);
  const variables = servingVariables(clients, pool, configuration);
  return {
    provisioningState: configuration.provisioningState ?? "Unknown",
    min: replicaBound(clients, pool, variables, pool.flux.variables.min),
    max: replicaBound(clients, pool, variables, pool.flux.variables.max),
    scaler: "keda",
    cluster: {
      complianceState: configuration.complianceState ?? "Unknown",
      errorMessage: configuration.errorMessage || undefined,
      variables,
      syncIntervalSeconds: configuration.kustomizations?.[pool.flux.kustomization]?.syncIntervalInSeconds,
      nodePool,
    },
  };
}

export async function readLiveState(clients: AzureClients, pool: GpuPool): Promise<LiveState> {
  try {
    switch (pool.kind) {
      case "aks-node-pool":
        return await readAgentPool(clients, pool);
      case "aml-deployment":
        return await readDeployment(clients, pool);
      case "aks-deployment":
        return await readClusterDeployment(clients, pool);
    }
  } catch (error) {
    throw explainAzureError(error, {
      action: `reading ${pool.id}`,
      resourceId: poolResourceId(clients.environment.subscriptionId, pool),
      writing: false,
      clients,
    });
  }
}

/** The most nodes a cluster-served deployment's pool can run now: its autoscaler's max, else its fixed count. */
export function nodeCapacity(live: LiveState): number | undefined {
  const nodes = live.cluster?.nodePool;
  return nodes ? (nodes.max ?? nodes.count) : undefined;
}

/** Where the live pool differs from the environment file: what Terraform would change back on the next deploy. */
export function drift(pool: GpuPool, live: LiveState): string[] {
  const differences: string[] = [];
  const compare = (what: string, configured: number | undefined, actual: number | undefined) => {
    if (configured !== undefined && actual !== undefined && configured !== actual) differences.push(`${what} ${actual} (config ${configured})`);
  };
  if (live.vmSize && pool.vmSize && live.vmSize.toLowerCase() !== pool.vmSize.toLowerCase()) differences.push(`vmSize ${live.vmSize} (config ${pool.vmSize})`);
  if (live.scaler === "fixed" || live.scaler === "manual") {
    compare("count", pool.config.count, live.count);
    if (pool.kind === "aks-node-pool") differences.push("autoscaling off (config: on)");
  } else {
    compare("min", pool.config.min, live.min);
    compare("max", pool.config.max, live.max);
  }
  if (pool.kind === "aml-deployment") compare("traffic %", pool.trafficPercent, live.trafficPercent);
  return differences;
}

/**
 * What stops a cluster-served deployment serving as configured, besides drift: Flux failing to apply the
 * configuration, or a max its node pool cannot hold.
 */
export function servingProblems(environment: string, pool: GpuPool, live: LiveState): string[] {
  if (pool.kind !== "aks-deployment" || !live.cluster) return [];
  const problems: string[] = [];
  if (live.cluster.complianceState === "Non-Compliant") {
    problems.push(
      `Flux reports ${pool.flux.configuration} Non-Compliant: the cluster does not run what the configuration says${live.cluster.errorMessage ? ` (${live.cluster.errorMessage})` : ""}. Fix: read the configuration's statuses in the portal (the cluster's GitOps blade) or with az k8s-configuration flux show`,
    );
  }
  const capacity = nodeCapacity(live);
  if (capacity !== undefined && live.max !== undefined && live.max > capacity) {
    problems.push(
      `max ${live.max} replicas do not fit GPU pool ${pool.nodePool.id}, which can run ${nodeCount(capacity)} (one replica per node), so a surge stops at ${capacity}. Fix: fhi gpu scale --env ${environment} --pool ${pool.nodePool.id} --max ${live.max}, or lower the deployment's --max`,
    );
  }
  return problems;
}

/** "1 node", "3 nodes", "? nodes" when ARM did not say. */
export function nodeCount(count: number | undefined): string {
  return `${count ?? "?"} node${count === 1 ? "" : "s"}`;
}

/** One line for messages and the terminal: the provisioning state and the bounds, and for a cluster-served deployment what ARM shows of it. */
export function describeLiveState(live: LiveState): string {
  const range = live.min !== undefined ? `, min ${live.min}, max ${live.max}` : "";
  if (!live.cluster) return `provisioning state ${live.provisioningState}, count ${live.count ?? "?"}${range}`;
  const nodes = live.cluster.nodePool;
  const nodeRange = nodes.max !== undefined ? `, min ${nodes.min}, max ${nodes.max}` : " (autoscaling off)";
  return `Flux configuration ${live.provisioningState}, ${live.cluster.complianceState}${range}; GPU pool ${nodes.id}: ${nodeCount(nodes.count)}${nodeRange}`;
}

/** The state an audit record keeps before and after a change. */
export function auditState(live: LiveState): Record<string, unknown> {
  if (!live.cluster) return { min: live.min, max: live.max, count: live.count, provisioningState: live.provisioningState };
  return { min: live.min, max: live.max, provisioningState: live.provisioningState, complianceState: live.cluster.complianceState, nodes: live.cluster.nodePool.count };
}

/** Drops what was read once per command, so the next read sees a change just made. */
export function forgetReads(clients: AzureClients): void {
  readCache.delete(clients);
}
