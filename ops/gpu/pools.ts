/**
 * The GPU pools an environment declares, as on-call staff name them. Names repeat across regions (prod runs
 * deployment `blue` in both geographies), so every pool has a full ID and shorter forms are accepted only while
 * they are unambiguous.
 */
import type { Environment, RegionConfig } from "../../environments/schema/config";
import { findGpuSku, type GpuSku } from "../../environments/schema/gpu-skus";
import { RegionNames } from "../../environments/schema/naming";
import type { RegionName } from "../../environments/schema/regions";
import { replicaVariable, SERVING_FLUX_CONFIGURATION } from "../../environments/schema/serving";
import { selectRegions } from "../environment";
import { refused } from "../errors";

/** Bounds as the config and the live resource express them; `count` is the instance count to run now. */
export interface Bounds {
  readonly min?: number;
  readonly max?: number;
  readonly count?: number;
}

interface PoolBase {
  /** `region/pool` for AKS node pools, `region/endpoint/deployment` for deployments. */
  readonly id: string;
  readonly name: string;
  readonly region: RegionName;
  readonly vmSize: string;
  readonly sku?: GpuSku;
  readonly config: Bounds;
  readonly onCall: { readonly minCount: number; readonly maxCount: number };
  /** The pool's place in the environment file, e.g. `regions[0].aks.gpuPools[0]`. */
  readonly configPath: string;
  /** The config fields that hold min, max and count (count has none where an autoscaler owns it). */
  readonly fields: { readonly min: string; readonly max: string; readonly count?: string };
  readonly resourceGroup: string;
  /** False where the pool's VMs are counted elsewhere (a cluster-served deployment runs on an AKS node pool). */
  readonly consumesQuota: boolean;
}

export interface AksNodePool extends PoolBase {
  readonly kind: "aks-node-pool";
  readonly cluster: string;
}

/** An Azure ML managed online deployment (prod): Azure ML runs its VMs, Azure Monitor autoscale sizes it. */
export interface MlDeployment extends PoolBase {
  readonly kind: "aml-deployment";
  readonly workspace: string;
  readonly endpoint: string;
  readonly trafficPercent: number;
}

/**
 * A deployment served AKS-natively on the region's cluster (dev, pilot): a Kubernetes Deployment whose replicas
 * (one per node of its GPU pool) KEDA scales between bounds held as Flux post-build variables of the cluster's
 * serving configuration. ARM sees the configuration and the node pool, never the replicas.
 */
export interface AksDeployment extends PoolBase {
  readonly kind: "aks-deployment";
  readonly cluster: string;
  readonly endpoint: string;
  /** The node pool the replicas run on, one per node; the pool's own VMs are what consume quota. */
  readonly nodePool: { readonly id: string; readonly name: string; readonly configPath: string; readonly configMaxCount: number; readonly onCall: PoolBase["onCall"] };
  readonly flux: { readonly configuration: string; readonly kustomization: string; readonly variables: { readonly min: string; readonly max: string } };
  readonly trafficPercent: number;
  /** `instanceCount.default`, which the config's checks keep between min and max although KEDA starts from min. */
  readonly configDefault: number;
}

export type GpuPool = AksNodePool | MlDeployment | AksDeployment;

type EndpointConfig = RegionConfig["endpoints"][number];
type DeploymentConfig = EndpointConfig["deployments"][number];

interface DeploymentPlace {
  readonly region: RegionConfig;
  readonly regionIndex: number;
  readonly names: RegionNames;
  readonly endpoint: EndpointConfig;
  readonly endpointIndex: number;
  readonly deploymentIndex: number;
}

function nodePoolOf(place: DeploymentPlace, deployment: DeploymentConfig, gpuPool: string): AksNodePool {
  const { region, regionIndex, names } = place;
  const poolIndex = region.aks?.gpuPools.findIndex((pool) => pool.name === gpuPool) ?? -1;
  if (poolIndex < 0) throw new Error(`${place.endpoint.name}/${deployment.name}: no GPU pool ${gpuPool} in ${region.location} (validation should have refused this config)`);
  return aksNodePool(region, regionIndex, names, poolIndex);
}

function aksNodePool(region: RegionConfig, regionIndex: number, names: RegionNames, poolIndex: number): AksNodePool {
  const pool = region.aks!.gpuPools[poolIndex];
  return {
    kind: "aks-node-pool",
    id: `${region.location}/${pool.name}`,
    name: pool.name,
    region: region.location,
    vmSize: pool.vmSize,
    sku: findGpuSku(pool.vmSize),
    config: { min: pool.minCount, max: pool.maxCount },
    onCall: pool.onCall,
    configPath: `regions[${regionIndex}].aks.gpuPools[${poolIndex}]`,
    fields: { min: "minCount", max: "maxCount" },
    resourceGroup: names.resourceGroup("inference"),
    consumesQuota: true,
    cluster: names.aksCluster(),
  };
}

function deploymentPool(place: DeploymentPlace, deployment: DeploymentConfig): MlDeployment | AksDeployment {
  const { region, regionIndex, names, endpoint, endpointIndex, deploymentIndex } = place;
  const common = {
    id: `${region.location}/${endpoint.name}/${deployment.name}`,
    name: deployment.name,
    region: region.location,
    onCall: deployment.onCall,
    configPath: `regions[${regionIndex}].endpoints[${endpointIndex}].deployments[${deploymentIndex}]`,
    resourceGroup: names.resourceGroup("inference"),
    endpoint: endpoint.name,
    trafficPercent: deployment.trafficPercent,
  };
  if (deployment.compute.kind === "managed") {
    const vmSize = deployment.compute.instanceType;
    return {
      ...common,
      kind: "aml-deployment",
      vmSize,
      sku: findGpuSku(vmSize),
      config: { min: deployment.instanceCount.min, max: deployment.instanceCount.max, count: deployment.instanceCount.default },
      fields: { min: "instanceCount.min", max: "instanceCount.max", count: "instanceCount.default" },
      consumesQuota: true,
      workspace: names.mlWorkspace(),
    };
  }
  const nodePool = nodePoolOf(place, deployment, deployment.compute.gpuPool);
  return {
    ...common,
    kind: "aks-deployment",
    vmSize: nodePool.vmSize,
    sku: nodePool.sku,
    config: { min: deployment.instanceCount.min, max: deployment.instanceCount.max },
    fields: { min: "instanceCount.min", max: "instanceCount.max" },
    consumesQuota: false,
    cluster: nodePool.cluster,
    nodePool: { id: nodePool.id, name: nodePool.name, configPath: nodePool.configPath, configMaxCount: nodePool.config.max!, onCall: nodePool.onCall },
    flux: {
      configuration: SERVING_FLUX_CONFIGURATION,
      kustomization: SERVING_FLUX_CONFIGURATION,
      variables: { min: replicaVariable(deployment.name, "min"), max: replicaVariable(deployment.name, "max") },
    },
    configDefault: deployment.instanceCount.default,
  };
}

export function listGpuPools(environment: Environment, region?: string): GpuPool[] {
  const pools: GpuPool[] = [];
  const selected = selectRegions(environment, region);
  environment.regions.forEach((regionConfig, regionIndex) => {
    if (!selected.includes(regionConfig)) return;
    const names = new RegionNames(environment, regionConfig.location);
    regionConfig.aks?.gpuPools.forEach((_, poolIndex) => pools.push(aksNodePool(regionConfig, regionIndex, names, poolIndex)));
    regionConfig.endpoints.forEach((endpoint, endpointIndex) => {
      endpoint.deployments.forEach((deployment, deploymentIndex) => {
        pools.push(deploymentPool({ region: regionConfig, regionIndex, names, endpoint, endpointIndex, deploymentIndex }, deployment));
      });
    });
  });
  return pools;
}

/** The names a pool answers to: its full ID and every shorter suffix of it (`blue`, `fhi-llm-us/blue`, ...). */
function aliases(pool: GpuPool): string[] {
  const parts = pool.id.split("/");
  const suffixes = parts.map((_, start) => parts.slice(start).join("/"));
  return pool.kind === "aks-node-pool" ? suffixes : [...suffixes, `${pool.region}/${pool.name}`];
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
