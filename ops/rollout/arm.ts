/** ARM resource IDs and API versions `fhi rollout` reads and writes, besides those of ops/gpu/arm.ts. */
import type { RolloutTarget } from "./target";

export const ROLLOUT_API_VERSIONS = {
  /**
   * The endpoint's live and mirrored traffic: 2023-04-01, the first stable Azure ML API with `mirrorTraffic` (REST spec
   * Azure/azure-rest-api-specs specification/machinelearningservices/.../stable/2023-04-01/mfe.json), the version the
   * inference stack's traffic update writes (constructs/azapi/machine-learning.ts AML_TRAFFIC_API_VERSION: ops may not
   * import constructs, so a test keeps the two equal). @azure/arm-machinelearning 2.1.1 speaks 2022-10-01, which has no
   * mirrorTraffic, so these calls go through the plain REST client.
   */
  endpointTraffic: "2023-04-01",
  /** Azure Monitor workspaces (Microsoft.Monitor/accounts), stable 2023-04-03: `properties.metrics.prometheusQueryEndpoint`. */
  monitorWorkspace: "2023-04-03",
} as const;

const group = (subscriptionId: string, resourceGroup: string) => `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;

/** The region's Log Analytics workspace (network stack), where the managed endpoints' traffic logs land. */
export function logAnalyticsWorkspaceId(target: RolloutTarget): string {
  return `${group(target.environment.subscriptionId, target.names.resourceGroup("network"))}/providers/Microsoft.OperationalInsights/workspaces/${target.names.logAnalytics()}`;
}

/** The region's Azure Monitor workspace (inference stack), where Managed Prometheus keeps the cluster's series. */
export function monitorWorkspaceId(target: RolloutTarget): string {
  return `${group(target.environment.subscriptionId, target.names.resourceGroup("inference"))}/providers/Microsoft.Monitor/accounts/${target.names.monitorWorkspace()}`;
}
