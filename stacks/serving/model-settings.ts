/**
 * The one place where a deployment's release, the deployment and its GPUs become the model server's settings: the
 * same numbers whether Azure ML or Kubernetes runs the container.
 */
import type { DeploymentConfig, Environment, RegionConfig } from "../../environments/schema/config";
import { findGpuSku, type GpuSku } from "../../environments/schema/gpu-skus";
import { modelMemory } from "../../environments/schema/model-fit";
import type { ServedModel } from "../../environments/schema/model";
import { releaseOf, releasesInUse } from "../../environments/schema/releases";
import { startupBudgetSeconds, type ModelServerSettings } from "../../constructs/model-server/settings";

/** The GPU size a deployment's replicas run on: its managed instance type, or its pool's VM size. */
export function deploymentSku(region: RegionConfig, deployment: DeploymentConfig): GpuSku {
  const vmSize = deployment.compute.kind === "managed" ? deployment.compute.instanceType : region.aks?.gpuPools.find((pool) => pool.name === (deployment.compute as { gpuPool: string }).gpuPool)?.vmSize;
  const sku = vmSize === undefined ? undefined : findGpuSku(vmSize);
  if (!sku) throw new Error(`${region.location}/${deployment.name}: no GPU size in the catalog for this deployment (validation should have refused it)`);
  return sku;
}

/** Server settings for one deployment: its release's model, tensor parallelism over every GPU of the VM, the batch the GPUs were sized for. */
export function serverSettings(env: Environment, sku: GpuSku, deployment: DeploymentConfig): Omit<ModelServerSettings, "modelDir"> {
  const model = releaseOf(env, deployment).model;
  return {
    servedModelName: model.name,
    weightsSha256: model.weights.sha256,
    tensorParallelSize: sku.gpusPerVm,
    maxModelLength: model.maxModelLength,
    gpuMemoryUtilization: env.modelServer.gpuBudget.gpuMemoryUtilization,
    maxConcurrentSequences: deployment.maxConcurrentRequestsPerInstance,
    precision: model.precision,
    kvCachePrecision: model.kvCachePrecision,
    port: env.modelServer.port,
  };
}

/** Size of a model's weights on disk and in GPU memory. */
export function weightsGiB(env: Environment, model: ServedModel): number {
  return modelMemory(model, 1, 0, env.modelServer.gpuBudget).weightsGiB;
}

/** How long a deployment's replica may take to start: verifying and loading its release's weights. */
export function startupSeconds(env: Environment, deployment: DeploymentConfig): number {
  return startupBudgetSeconds(weightsGiB(env, releaseOf(env, deployment).model));
}

/**
 * OS disk of a GPU node, in GB: the largest weights any deployment of the environment copies to it (one replica per
 * node) with 10 % to spare, plus 128 GB for the OS and images. One size for every pool: a rollout's next release may
 * land on any of them, and a node pool's disk size cannot change in place.
 */
export function gpuNodeDiskGb(env: Environment): number {
  const GB_PER_GIB = 1.073741824;
  const largest = Math.max(...releasesInUse(env).map((release) => weightsGiB(env, release.model)));
  return Math.ceil(largest * GB_PER_GIB * 1.1) + 128;
}
