/**
 * Rules of the deployer network: its subnets fit it and Azure's minimum sizes, and it overlaps no network it
 * could be routed to (the spokes, the hubs, the clusters' pod and service ranges).
 */
import type { z } from "zod";
import { Address4 } from "ip-address";
import { contains, fail, overlaps } from "./checks";
import type { DeployerConfig, EnvironmentSettings } from "./config";

type Ctx = z.RefinementCtx;

/**
 * The smallest subnet each role may have: a Container Apps environment with workload profiles needs a /27
 * (learn.microsoft.com/azure/container-apps/custom-virtual-networks, "Subnet"), and GitHub-hosted runners take one
 * address per concurrent job; private endpoints take one address each.
 */
const LARGEST_PREFIX = { runners: 27, privateEndpoints: 28 } as const;

export function checkDeployerNetwork(deployer: DeployerConfig, ctx: Ctx): void {
  const { addressSpace, subnets } = deployer.network;
  for (const role of ["runners", "privateEndpoints"] as const) {
    const range = subnets[role];
    const path = ["network", "subnets", role];
    if (!contains(addressSpace, range)) fail(ctx, path, `${range} is outside the deployer network ${addressSpace}. Fix: pick a range inside it`);
    const prefix = new Address4(range).subnetMask;
    if (prefix > LARGEST_PREFIX[role]) fail(ctx, path, `${range} is smaller than the /${LARGEST_PREFIX[role]} the ${role} subnet needs. Fix: use a /${LARGEST_PREFIX[role]} or larger`);
  }
  if (overlaps(subnets.runners, subnets.privateEndpoints)) {
    fail(ctx, ["network", "subnets", "privateEndpoints"], `${subnets.privateEndpoints} overlaps the runners subnet ${subnets.runners}. Fix: choose disjoint ranges`);
  }
}

/** The deployer network is peered to the primary region's hub: it must not overlap anything routed there. */
export function checkDeployerPlacement(env: EnvironmentSettings, ctx: Ctx): void {
  const own = env.deployer.network.addressSpace;
  const others = env.regions.flatMap((region) => [
    ...region.addressSpace.map((range) => ({ range, label: `the ${region.location} spoke` })),
    ...(region.hub?.addressSpace ?? []).map((range) => ({ range, label: `the ${region.location} hub` })),
    ...(region.aks ? [region.aks.podCidr, region.aks.serviceCidr].map((range) => ({ range, label: `the ${region.location} cluster's pod or service range` })) : []),
  ]);
  for (const other of others) {
    if (overlaps(own, other.range)) {
      fail(ctx, ["deployer", "network", "addressSpace"], `${own} overlaps ${other.label} (${other.range}). Fix: choose a range used nowhere else`);
    }
  }
}
