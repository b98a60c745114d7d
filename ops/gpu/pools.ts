/**
 * The GPU pools an environment declares, as on-call staff name them. Names repeat across regions (prod runs
 * deployment `blue` in both geographies), so every pool has a full ID and shorter forms are accepted only while
 * they are unambiguous.
 */
import type { Environment } from "../../environments/schema/config";
import { findGpuSku, type GpuSku } from "../../environments/schema/gpu-skus";
import { RegionNames } from "../../environments/schema/naming";
import type { RegionName } from "../../environments/schema/regions";
import { selectRegions } from "../environment";
import { refused } from "../errors";

/** Bounds as the config and the live resource express them; `count` is the instance count to run now. */
export interface Bounds {
  readonly min?: number;
  readonly max?: number;
  readonly count?: number;
}

interface PoolBase {
  /** `region/pool` for AKS node pools, `region/endpoint/deployment` for Azure ML deployments. */
  readonly id: string;
  readonly name: string;
  readonly region: RegionName;
  readonly vmSize: string;
  readonly sku?: GpuSku;
  readonly config: Bounds;
  readonly onCall: { readonly minCount: number; readonly maxCount: number };
  /** The pool's place in the environment file, e.g. `regions[0].aks.gpuPools[0]`. */
  readonly configPath: string;
  /** The config fields that hold min, max and count (count has none for AKS: the autoscaler owns it). */
  readonly fields: { readonly min: string; readonly max: string; readonly count?: string };
  readonly resourceGroup: string;
  /** False where the pool's VMs are counted elsewhere (a Kubernetes deployment runs on an AKS node pool). */
  readonly consumesQuota: boolean;
}

export interface AksNodePool extends PoolBase {
  readonly kind: "aks-node-pool";
  readonly cluster: string;
}

export interface MlDeployment extends PoolBase {
  readonly kind: "aml-deployment";
  readonly workspace: string;
  readonly endpoint: string;
  readonly compute: "managed" | "kubernetes";
  readonly trafficPercent: number;
}

export type GpuPool = AksNodePool | MlDeployment;

export function listGpuPools(environment: Environment, region?: string): GpuPool[] {
  const pools: GpuPool[] = [];
  const selected = selectRegions(environment, region);
  environment.regions.forEach((regionConfig, regionIndex) => {
    if (!selected.includes(regionConfig)) return;
    const names = new RegionNames(environment, regionConfig.location);
    const resourceGroup = names.resourceGroup("inference");
    regionConfig.aks?.gpuPools.forEach((pool, poolIndex) => {
      pools.push({
        kind: "aks-node-pool",
        id: `${regionConfig.location}/${pool.name}`,
        name: pool.name,
        region: regionConfig.location,
        vmSize: pool.vmSize,
        sku: findGpuSku(pool.vmSize),
        config: { min: pool.minCount, max: pool.maxCount },
        onCall: pool.onCall,
        configPath: `regions[${regionIndex}].aks.gpuPools[${poolIndex}]`,
        fields: { min: "minCount", max: "maxCount" },
        resourceGroup,
        consumesQuota: true,
        cluster: names.aksCluster(),
      });
    });
    regionConfig.endpoints.forEach((endpoint, endpointIndex) => {
      endpoint.deployments.forEach((deployment, deploymentIndex) => {
        const vmSize =
          deployment.compute.kind === "managed"
            ? deployment.compute.instanceType
            : (regionConfig.aks?.gpuPools.find((pool) => pool.name === (deployment.compute as { gpuPool: string }).gpuPool)?.vmSize ?? "");
        pools.push({
          kind: "aml-deployment",
          id: `${regionConfig.location}/${endpoint.name}/${deployment.name}`,
          name: deployment.name,
          region: regionConfig.location,
          vmSize,
          sku: findGpuSku(vmSize),
          config: { min: deployment.instanceCount.min, max: deployment.instanceCount.max, count: deployment.instanceCount.default },
          onCall: deployment.onCall,
          configPath: `regions[${regionIndex}].endpoints[${endpointIndex}].deployments[${deploymentIndex}]`,
          fields: { min: "instanceCount.min", max: "instanceCount.max", count: "instanceCount.default" },
          resourceGroup,
          consumesQuota: deployment.compute.kind === "managed",
          workspace: names.mlWorkspace(),
          endpoint: endpoint.name,
          compute: deployment.compute.kind,
          trafficPercent: deployment.trafficPercent,
        });
      });
    });
  });
  return pools;
}

/** The names a pool answers to: its full ID and every shorter suffix of it (`blue`, `fhi-llm-us/blue`, ...). */
function aliases(pool: GpuPool): string[] {
  const parts = pool.id.split("/");
  const suffixes = parts.map((_, start) => parts.slice(start).join("/"));
  return pool.kind === "aml-deployment" ? [...suffixes, `${pool.region}/${pool.name}`] : suffixes;
}

/** The one pool `spec` names; an unknown or ambiguous name is a usage error that lists the candidates. */
export function resolvePool(environment: Environment, spec: string, region?: string): GpuPool {
  const pools = listGpuPools(environment, region);
  const matches = pools.filter((pool) => aliases(pool).includes(spec));
  if (matches.length === 1) return matches[0];
  const scope = region ? `${environment.name} (${region})` : environment.name;
  if (matches.length === 0) {
    throw refused(`--pool ${spec}: no GPU pool of that name in ${scope}. Fix: use one of ${pools.map((pool) => pool.id).join(", ")}`);
  }
  throw refused(
    `--pool ${spec} is ambiguous in ${scope}: it names ${matches.map((pool) => pool.id).join(", ")}. Fix: give the full ID (e.g. --pool ${matches[0].id}) or add --region`,
  );
}
