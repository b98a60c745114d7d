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
