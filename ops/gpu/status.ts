/** `fhi gpu status`: every GPU pool's live state beside its config, on-call bounds, drift, node capacity and quota headroom. */
import type { AzureClients } from "../clients";
import { OpsError } from "../errors";
import { drift, readLiveState, servingProblems, type LiveState } from "./live";
import { headroomFor, vcpusToGrow, type Headroom } from "./quota";
import type { GpuPool } from "./pools";

export interface PoolStatus {
  readonly pool: GpuPool;
  readonly live?: LiveState;
  /** Why the live state could not be read. */
  readonly error?: string;
  readonly drift: readonly string[];
  /** What stops a cluster-served deployment serving as configured (Flux not compliant, a max beyond its node pool). */
  readonly problems: readonly string[];
  readonly headroom?: Headroom;
  /** vCPUs a scale to the on-call maximum would take from the family's quota. */
  readonly vcpusToOnCallMax?: number;
}

async function statusOf(clients: AzureClients, pool: GpuPool): Promise<PoolStatus> {
  try {
    const live = await readLiveState(clients, pool);
    const headroom = await headroomFor(clients, pool, live.count ?? 0);
    return {
      pool,
      live,
      drift: drift(pool, live),
      problems: servingProblems(clients.environment.name, pool, live),
      headroom,
      vcpusToOnCallMax: headroom ? vcpusToGrow(pool, live.count ?? 0, pool.onCall.maxCount) : undefined,
    };
  } catch (error) {
    if (error instanceof OpsError) return { pool, error: error.message, drift: [], problems: [] };
    throw error;
  }
}

export function gpuStatus(clients: AzureClients, pools: readonly GpuPool[]): Promise<PoolStatus[]> {
  return Promise.all(pools.map((pool) => statusOf(clients, pool)));
}
