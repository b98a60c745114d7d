/** What Azure says a GPU pool looks like right now, read through the SDK clients. */
import type { AutoscaleSettingResource } from "@azure/arm-monitor";
import type { TargetUtilizationScaleSettings } from "@azure/arm-machinelearning";
import type { AzureClients } from "../clients";
import { explainAzureError } from "../azure-errors";
import { poolResourceId } from "./arm";
import type { AksNodePool, GpuPool, MlDeployment } from "./pools";

/** Who decides the instance count between min and max. */
export type Scaler = "cluster-autoscaler" | "manual" | "target-utilization" | "azure-monitor-autoscale" | "fixed";

export interface LiveState {
  readonly provisioningState: string;
  readonly vmSize?: string;
  /** Nodes or instances running now. */
  readonly count?: number;
  readonly min?: number;
  readonly max?: number;
  readonly scaler: Scaler;
  /** The Azure Monitor autoscale setting that sizes a managed deployment, if one targets it. */
  readonly autoscaleSetting?: { readonly name: string; readonly enabled: boolean; readonly default: number };
  /** Share of the endpoint's traffic the deployment receives. */
  readonly trafficPercent?: number;
}

async function readAgentPool(clients: AzureClients, pool: AksNodePool): Promise<LiveState> {
  const live = await clients.containerService().agentPools.get(pool.resourceGroup, pool.cluster, pool.name);
  return {
    provisioningState: live.provisioningState ?? "Unknown",
    vmSize: live.vmSize,
    count: live.count,
    min: live.enableAutoScaling ? live.minCount : undefined,
    max: live.enableAutoScaling ? live.maxCount : undefined,
    scaler: live.enableAutoScaling ? "cluster-autoscaler" : "manual",
  };
}

const autoscaleCache = new WeakMap<AzureClients, Map<string, Promise<AutoscaleSettingResource[]>>>();

/** The autoscale settings of a resource group, read once per command however many deployments ask. */
function autoscaleSettings(clients: AzureClients, resourceGroup: string): Promise<AutoscaleSettingResource[]> {
  const byGroup = autoscaleCache.get(clients) ?? new Map<string, Promise<AutoscaleSettingResource[]>>();
  autoscaleCache.set(clients, byGroup);
  let settings = byGroup.get(resourceGroup);
  if (!settings) {
    settings = (async () => {
      const all: AutoscaleSettingResource[] = [];
      for await (const setting of clients.monitor().autoscaleSettings.listByResourceGroup(resourceGroup)) all.push(setting);
      return all;
    })();
    byGroup.set(resourceGroup, settings);
  }
  return settings;
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
    pool.compute === "managed" ? findAutoscaleSetting(clients, pool) : Promise.resolve(undefined),
  ]);
  const base = {
    provisioningState: deployment.properties.provisioningState ?? "Unknown",
    // A Kubernetes deployment's instance type names a profile on the cluster, not a VM size.
    vmSize: pool.compute === "managed" ? deployment.properties.instanceType : undefined,
    count: deployment.sku?.capacity,
    trafficPercent: endpoint.properties.traffic?.[pool.name] ?? 0,
  };
  const scaleSettings = deployment.properties.scaleSettings;
  if (scaleSettings?.scaleType === "TargetUtilization") {
    const target = scaleSettings as TargetUtilizationScaleSettings;
    return { ...base, min: target.minInstances, max: target.maxInstances, scaler: "target-utilization" };
  }
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

export async function readLiveState(clients: AzureClients, pool: GpuPool): Promise<LiveState> {
  try {
    return pool.kind === "aks-node-pool" ? await readAgentPool(clients, pool) : await readDeployment(clients, pool);
  } catch (error) {
    throw explainAzureError(error, {
      action: `reading ${pool.id}`,
      resourceId: poolResourceId(clients.environment.subscriptionId, pool),
      writing: false,
      clients,
    });
  }
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

/** Drops what was read of autoscale settings, so the next read sees a change just made. */
export function forgetAutoscaleSettings(clients: AzureClients): void {
  autoscaleCache.delete(clients);
}
