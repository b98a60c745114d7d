/**
 * GPU quota is counted in vCPUs per VM family and region (compute usages). A scale-up that would pass the
 * limit leaves pods pending or deployments failed half-way, so it is refused before anything is sent.
 */
import type { AzureClients } from "../clients";
import { explainAzureError } from "../azure-errors";
import type { RegionName } from "../../environments/schema/regions";
import type { GpuPool } from "./pools";

export interface FamilyUsage {
  readonly family: string;
  readonly usedVcpus: number;
  readonly limitVcpus: number;
}

export interface Headroom extends FamilyUsage {
  readonly region: RegionName;
  readonly vcpusPerInstance: number;
  readonly headroomVcpus: number;
  /** The highest instance count this pool can reach with today's quota, counting what it runs now. */
  readonly reachableCount: number;
}

const usageCache = new WeakMap<AzureClients, Map<string, Promise<Map<string, FamilyUsage>>>>();

function readUsage(clients: AzureClients, region: RegionName): Promise<Map<string, FamilyUsage>> {
  const byRegion = usageCache.get(clients) ?? new Map<string, Promise<Map<string, FamilyUsage>>>();
  usageCache.set(clients, byRegion);
  let usage = byRegion.get(region);
  if (!usage) {
    usage = (async () => {
      const families = new Map<string, FamilyUsage>();
      try {
        for await (const item of clients.compute().usage.list(region)) {
          if (item.name.value) families.set(item.name.value.toLowerCase(), { family: item.name.value, usedVcpus: item.currentValue, limitVcpus: item.limit });
        }
      } catch (error) {
        throw explainAzureError(error, {
          action: `reading compute quota in ${region}`,
          resourceId: `/subscriptions/${clients.environment.subscriptionId}/providers/Microsoft.Compute/locations/${region}/usages`,
          writing: false,
          clients,
        });
      }
      return families;
    })();
    byRegion.set(region, usage);
  }
  return usage;
}

/** Quota headroom for the pool's VM family, or undefined when its VMs are not its own (or its size is unknown). */
export async function headroomFor(clients: AzureClients, pool: GpuPool, liveCount: number): Promise<Headroom | undefined> {
  if (!pool.consumesQuota || !pool.sku) return undefined;
  const usage = (await readUsage(clients, pool.region)).get(pool.sku.quotaFamily.toLowerCase()) ?? {
    family: pool.sku.quotaFamily,
    usedVcpus: 0,
    limitVcpus: 0,
  };
  const headroomVcpus = Math.max(0, usage.limitVcpus - usage.usedVcpus);
  return {
    ...usage,
    region: pool.region,
    vcpusPerInstance: pool.sku.vCpus,
    headroomVcpus,
    reachableCount: liveCount + Math.floor(headroomVcpus / pool.sku.vCpus),
  };
}

/** vCPUs a pool would newly need to grow from `fromCount` to `toCount` instances. */
export function vcpusToGrow(pool: GpuPool, fromCount: number, toCount: number): number {
  return Math.max(0, toCount - fromCount) * (pool.sku?.vCpus ?? 0);
}
