/**
 * The one place where the environment's model description, a deployment and its GPUs become the model server's
 * settings: the same numbers whether Azure ML or Kubernetes runs the container.
 */
import type { DeploymentConfig, Environment, RegionConfig } from "../../environments/schema/config";
import { findGpuSku, type GpuSku } from "../../environments/schema/gpu-skus";
import { modelMemory } from "../../environments/schema/model-fit";
import { startupBudgetSeconds, type ModelServerSettings } from "../../constructs/model-server/settings";

/** The GPU size a deployment's replicas run on: its managed instance type, or its pool's VM size. */
export function deploymentSku(region: RegionConfig, deployment: DeploymentConfig): GpuSku {
  const vmSize = deployment.compute.kind === "managed" ? deployment.compute.instanceType : region.aks?.gpuPools.find((pool) => pool.name === (deployment.compute as { gpuPool: string }).gpuPool)?.vmSize;
  const sku = vmSize === undefined ? undefined : findGpuSku(vmSize);
  if (!sku) throw new Error(`${region.location}/${deployment.name}: no GPU size in the catalog for this deployment (validation should have refused it)`);
  return sku;
}

/** Server settings for one deployment: tensor parallelism over every GPU of the VM, the batch the GPUs were sized for. */
export function serverSettings(env: Environment, sku: GpuSku, deployment: DeploymentConfig): Omit<ModelServerSettings, "modelDir"> {
  return {
    servedModelName: env.model.name,
    weightsSha256: env.model.weights.sha256,
    tensorParallelSize: sku.gpusPerVm,
    maxModelLength: env.model.maxModelLength,
    gpuMemoryUtilization: env.modelServer.gpuBudget.gpuMemoryUtilization,
    maxConcurrentSequences: deployment.maxConcurrentRequestsPerInstance,
    precision: env.model.precision,
    kvCachePrecision: env.model.kvCachePrecision,
    port: env.modelServer.port,
  };
}

/** Size of the weights on disk and in GPU memory. */
export function weightsGiB(env: Environment): number {
  return modelMemory(env.model, 1, 0, env.modelServer.gpuBudget).weightsGiB;
}

/** How long a replica may take to start: verifying and loading the weights. */
export function startupSeconds(env: Environment): number {
  return startupBudgetSeconds(weightsGiB(env));
}

/** OS disk of a GPU node, in GB: the weights copied to it (one replica per node) with 10 % to spare, plus 128 GB for the OS and images. */
export function gpuNodeDiskGb(env: Environment): number {
  const GB_PER_GIB = 1.073741824;
  return Math.ceil(weightsGiB(env) * GB_PER_GIB * 1.1) + 128;
}
