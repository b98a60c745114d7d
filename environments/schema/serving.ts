/** Which serving a region runs, read from its endpoints: Azure ML managed compute, its AKS cluster, or both. */
import type { OnlineEndpointConfig, RegionConfig } from "./config";

/** Endpoints served by Azure ML managed online deployments; the region needs a workspace for them. */
export function managedEndpoints(region: RegionConfig): OnlineEndpointConfig[] {
  return region.endpoints.filter((endpoint) => endpoint.deployments.every((deployment) => deployment.compute.kind === "managed"));
}

/** The one endpoint the region's cluster serves (validation allows at most one), if any. */
export function kubernetesEndpoint(region: RegionConfig): OnlineEndpointConfig | undefined {
  return region.endpoints.find((endpoint) => endpoint.deployments.some((deployment) => deployment.compute.kind === "kubernetes"));
}

export function hostsWorkspace(region: RegionConfig): boolean {
  return managedEndpoints(region).length > 0;
}

/**
 * The Flux configuration, and its one kustomization, that delivers a cluster's serving. Its post-build variables
 * hold each deployment's replica bounds and traffic share and the rollout's mirrored share, so `fhi gpu scale` and
 * `fhi rollout` change them through ARM alone (docs/adr/0003-gpu-serving.md, docs/adr/0005-releases-and-rollouts.md).
 */
export const SERVING_FLUX_CONFIGURATION = "model-serving";

/** The namespace a cluster's model servers and router run in: the rollout alerts and `fhi rollout` select their series by it. */
export const SERVING_NAMESPACE = "model-serving";

/** The Flux post-build variable holding a deployment's replica bound, e.g. BLUE_MIN_REPLICAS. */
export function replicaVariable(deployment: string, bound: "min" | "max"): string {
  return `${deployment.toUpperCase().replace(/-/g, "_")}_${bound.toUpperCase()}_REPLICAS`;
}

/** The Flux post-build variable holding a cluster deployment's share of the endpoint's requests, e.g. GREEN_TRAFFIC_PERCENT. */
export function trafficVariable(deployment: string): string {
  return `${deployment.toUpperCase().replace(/-/g, "_")}_TRAFFIC_PERCENT`;
}

/**
 * The Flux post-build variable holding the share of requests the cluster's router copies to the rollout's `next`
 * deployment (its shadow step), 0-100; present while the endpoint has a rollout.
 */
export const MIRROR_VARIABLE = "MIRROR_PERCENT";
