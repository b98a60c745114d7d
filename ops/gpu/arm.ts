/**
 * ARM resource IDs and API versions of the GPU pools. The API versions are the ones the installed SDKs send;
 * a test compares them with what the SDKs put on the wire, so a dry run never shows a call the SDK would not make.
 */
import type { AksDeployment, GpuPool, MlDeployment } from "./pools";

export const API_VERSIONS = {
  containerService: "2026-06-01",
  machineLearning: "2022-10-01",
  autoscale: "2022-10-01",
  computeUsage: "2026-04-01",
  /**
   * @azure/arm-kubernetesconfiguration 6.1.0, the newest on the registry. azurerm 4.55.0 manages the same resource
   * with 2024-11-01 (vendored go-azure-sdk kubernetesconfiguration/2024-11-01/fluxconfiguration); the fields read and
   * patched here (kustomizations[].postBuild.substitute, complianceState, provisioningState) are the same in both.
   */
  kubernetesConfiguration: "2023-05-01",
} as const;

const group = (subscriptionId: string, resourceGroup: string) => `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;

/** The managed cluster as the Kubernetes Configuration SDK names it: resource provider, type, name. */
export const MANAGED_CLUSTER = { provider: "Microsoft.ContainerService", type: "managedClusters" } as const;

function clusterId(subscriptionId: string, resourceGroup: string, cluster: string): string {
  return `${group(subscriptionId, resourceGroup)}/providers/${MANAGED_CLUSTER.provider}/${MANAGED_CLUSTER.type}/${cluster}`;
}

export function agentPoolId(subscriptionId: string, pool: { readonly resourceGroup: string; readonly cluster: string; readonly name: string }): string {
  return `${clusterId(subscriptionId, pool.resourceGroup, pool.cluster)}/agentPools/${pool.name}`;
}

export function endpointId(subscriptionId: string, pool: MlDeployment): string {
  return `${group(subscriptionId, pool.resourceGroup)}/providers/Microsoft.MachineLearningServices/workspaces/${pool.workspace}/onlineEndpoints/${pool.endpoint}`;
}

export function deploymentId(subscriptionId: string, pool: MlDeployment): string {
  return `${endpointId(subscriptionId, pool)}/deployments/${pool.name}`;
}

/** The Flux configuration is an extension resource of the managed cluster. */
export function fluxConfigurationId(subscriptionId: string, pool: AksDeployment): string {
  return `${clusterId(subscriptionId, pool.resourceGroup, pool.cluster)}/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/${pool.flux.configuration}`;
}

/** The node pool a cluster-served deployment's replicas run on. */
export function nodePoolIdOf(subscriptionId: string, pool: AksDeployment): string {
  return agentPoolId(subscriptionId, { resourceGroup: pool.resourceGroup, cluster: pool.cluster, name: pool.nodePool.name });
}

export function autoscaleSettingId(subscriptionId: string, resourceGroup: string, name: string): string {
  // Spelt as the Monitor SDK spells it on the wire (ARM paths are case-insensitive; dry runs show the real call).
  return `/subscriptions/${subscriptionId}/resourcegroups/${resourceGroup}/providers/Microsoft.Insights/autoscalesettings/${name}`;
}

/** The resource a scale of this pool writes to. */
export function poolResourceId(subscriptionId: string, pool: GpuPool): string {
  switch (pool.kind) {
    case "aks-node-pool":
      return agentPoolId(subscriptionId, pool);
    case "aml-deployment":
      return deploymentId(subscriptionId, pool);
    case "aks-deployment":
      return fluxConfigurationId(subscriptionId, pool);
  }
}
