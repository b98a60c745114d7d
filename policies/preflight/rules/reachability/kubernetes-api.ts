import { fail, pass, unknown } from "../../../engine/rule";
import type { Resource } from "../../../model/resource";
import { valueAt } from "../../../model/value";
import type { DeploymentModel } from "../../deployment";
import { runnerNetworks } from "../../network";
import { definePreflightRule } from "../../rule";
import { referencedAt } from "../common";

/** The network a cluster's nodes (and, with API server VNet integration, its API server) live in. */
function clusterNetwork(model: DeploymentModel, cluster: Resource): Resource | undefined {
  const subnet = referencedAt(model, cluster, "default_node_pool.vnet_subnet_id", ["azurerm_subnet"]);
  return subnet && referencedAt(model, subnet, "virtual_network_name", ["azurerm_virtual_network"]);
}

/** Networks a peering connects to `network` (either direction declared in the input). */
function peersOf(model: DeploymentModel, network: Resource): Set<string> {
  const peers = new Set<string>();
  for (const peering of model.ofType("azurerm_virtual_network_peering")) {
    const local = referencedAt(model, peering, "virtual_network_name", ["azurerm_virtual_network"]);
    const remote = referencedAt(model, peering, "remote_virtual_network_id", ["azurerm_virtual_network"]);
    if (local?.key === network.key && remote) peers.add(remote.key);
    if (remote?.key === network.key && local) peers.add(local.key);
  }
  return peers;
}

export const kubernetesApiReachable = definePreflightRule({
  id: "FHI-PF-REACH-005",
  title: "Kubernetes and Helm resources target an API server the runners reach",
  severity: "error",
  service: "reachability",
  // Every resource of the kubernetes provider (kubernetes_*) and helm_release.
  resourceTypes: ["*"],
  applies: (resource) => resource.type.startsWith("kubernetes_") || resource.type === "helm_release",
  rationale:
    "The kubernetes and helm providers call the cluster's API server from the runner. A private AKS API server is reachable only from its own network or a peered one that resolves its privatelink.<region>.azmk8s.io zone; from anywhere else every such resource fails, and with local accounts off the runner also needs an Entra ID login to the cluster.",
  remediation:
    "Deliver in-cluster objects with the AKS GitOps (Flux) extension through Azure Resource Manager instead, or run the deploy from a network peered with the cluster's and linked to its private DNS zone.",
  sources: ["https://learn.microsoft.com/azure/aks/private-clusters", "https://learn.microsoft.com/azure/aks/api-server-vnet-integration"],
  check: (resource, model) => {
    const clusters = model.ofType("azurerm_kubernetes_cluster").filter((cluster) => valueAt(cluster.values, "private_cluster_enabled") === true);
    if (clusters.length === 0) return pass("no private AKS cluster in the input");
    const runners = runnerNetworks(model);
    if (runners.length === 0) return unknown("the input declares no deploy runner network to check the path from");
    const unreachable = clusters.filter((cluster) => {
      const network = clusterNetwork(model, cluster);
      if (!network) return true;
      const peers = peersOf(model, network);
      return !runners.some((runner) => runner.key === network.key || peers.has(runner.key));
    });
    return unreachable.length > 0
      ? fail(`${resource.address} talks to a Kubernetes API server, and ${unreachable.map((cluster) => cluster.address).join(", ")} is private with no path from the runners' network`)
      : pass("every private cluster's network is the runners' or peered with it");
  },
});
