/**
 * ARM resource IDs and API versions of the GPU pools. The API versions are the ones the installed SDKs send;
 * a test compares them with what the SDKs put on the wire, so a dry run never shows a call the SDK would not make.
 */
import type { AksNodePool, GpuPool, MlDeployment } from "./pools";

export const API_VERSIONS = {
  containerService: "2026-06-01",
  machineLearning: "2022-10-01",
  autoscale: "2022-10-01",
  computeUsage: "2026-04-01",
} as const;

const group = (subscriptionId: string, resourceGroup: string) => `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;

function agentPoolId(subscriptionId: string, pool: AksNodePool): string {
  return `${group(subscriptionId, pool.resourceGroup)}/providers/Microsoft.ContainerService/managedClusters/${pool.cluster}/agentPools/${pool.name}`;
}

export function endpointId(subscriptionId: string, pool: MlDeployment): string {
  return `${group(subscriptionId, pool.resourceGroup)}/providers/Microsoft.MachineLearningServices/workspaces/${pool.workspace}/onlineEndpoints/${pool.endpoint}`;
}

export function deploymentId(subscriptionId: string, pool: MlDeployment): string {
  return `${endpointId(subscriptionId, pool)}/deployments/${pool.name}`;
}

export function autoscaleSettingId(subscriptionId: string, resourceGroup: string, name: string): string {
  // Spelt as the Monitor SDK spells it on the wire (ARM paths are case-insensitive; dry runs show the real call).
  return `/subscriptions/${subscriptionId}/resourcegroups/${resourceGroup}/providers/Microsoft.Insights/autoscalesettings/${name}`;
}

export function poolResourceId(subscriptionId: string, pool: GpuPool): string {
  return pool.kind === "aks-node-pool" ? agentPoolId(subscriptionId, pool) : deploymentId(subscriptionId, pool);
}
