/**
 * What the served model needs from the GPUs, in one place: the validation that refuses a size that cannot hold
 * it, the server's flags and the gateway's limits all read these functions, so they cannot disagree.
 *
 * The estimate is the one vLLM's own start-up makes, conservatively: the weights, split evenly over the VM's GPUs
 * by tensor parallelism; the KV cache for every concurrent request at the full served context (vLLM pages it, so
 * this is the worst case it must be able to hold); and a fixed runtime share per GPU (CUDA context, NCCL buffers,
 * CUDA graphs, activations), a round figure from vLLM's start-up memory profile; the headroom covers its error.
 * All of it must fit in the share of GPU memory vLLM is allowed (`--gpu-memory-utilization`).
 */
import { GPU_SKUS, type GpuSku } from "./gpu-skus";
import { MIN_COMPUTE_CAPABILITY, WEIGHT_PRECISIONS, type GpuBudget, type ServedModel } from "./model";

const GIB = 1024 ** 3;
/** Runtime memory per GPU besides weights and KV cache. */
export const RUNTIME_GIB_PER_GPU = 4;
/** The KV cache holds keys and values in 16-bit floats unless it is FP8. */
const KV_BYTES = { auto: 2, fp8: 1 } as const;

export interface ModelMemory {
  readonly weightsGiB: number;
  readonly kvCacheGiB: number;
  readonly runtimeGiB: number;
  /** Weights + KV cache + runtime. */
  readonly totalGiB: number;
  /** What must be available: the total plus the headroom. */
  readonly requiredGiB: number;
}

/** Bytes of KV cache one token takes across all `gpus`: each GPU keeps at least one KV head, so with more GPUs than KV heads they are replicated. */
export function kvBytesPerToken(model: ServedModel, gpus: number): number {
  const { layers, kvHeads, headDim } = model.architecture;
  return 2 * layers * Math.max(kvHeads, gpus) * headDim * KV_BYTES[model.kvCachePrecision];
}

/** GPU memory the model needs on `gpus` GPUs serving `concurrency` requests at once, each up to the full context. */
export function modelMemory(model: ServedModel, gpus: number, concurrency: number, budget: GpuBudget): ModelMemory {
  const weightsGiB = (model.parametersBillions * 1e9 * WEIGHT_PRECISIONS[model.precision]) / GIB;
  const kvCacheGiB = (kvBytesPerToken(model, gpus) * model.maxModelLength * concurrency) / GIB;
  const runtimeGiB = RUNTIME_GIB_PER_GPU * gpus;
  const totalGiB = weightsGiB + kvCacheGiB + runtimeGiB;
  return { weightsGiB, kvCacheGiB, runtimeGiB, totalGiB, requiredGiB: totalGiB * (1 + budget.headroom) };
}

/** GPU memory of the VM the server may use. */
export function usableGiB(sku: GpuSku, budget: GpuBudget): number {
  return sku.gpuMemoryGiB * budget.gpuMemoryUtilization;
}

/** Why `sku` cannot serve the model, one reason per problem; empty when it fits. One replica uses every GPU of one VM. */
export function misfits(model: ServedModel, sku: GpuSku, concurrency: number, budget: GpuBudget): string[] {
  const reasons: string[] = [];
  const needed = MIN_COMPUTE_CAPABILITY[model.precision];
  if (sku.computeCapability < needed) {
    reasons.push(`its ${sku.gpuModel} (compute capability ${sku.computeCapability}) cannot run ${model.precision} weights, which need ${needed.toFixed(1)} or later`);
  }
  if (model.architecture.attentionHeads % sku.gpusPerVm !== 0) {
    reasons.push(`tensor parallelism over its ${sku.gpusPerVm} GPUs must divide the model's ${model.architecture.attentionHeads} attention heads`);
  }
  const memory = modelMemory(model, sku.gpusPerVm, concurrency, budget);
  const usable = usableGiB(sku, budget);
  if (memory.requiredGiB > usable) {
    reasons.push(
      `it needs ${gib(memory.requiredGiB)} GiB of GPU memory (weights ${gib(memory.weightsGiB)} + KV cache ${gib(memory.kvCacheGiB)} for ${concurrency} x ${model.maxModelLength} tokens + runtime ${gib(memory.runtimeGiB)}, plus ${Math.round(budget.headroom * 100)} % headroom) and ${sku.vmSize} offers ${gib(usable)} GiB (${sku.gpusPerVm} x ${sku.gpuModel} at ${budget.gpuMemoryUtilization})`,
    );
  }
  return reasons;
}

/** Catalog sizes that serve the model, the smallest GPU memory first. */
export function sizesThatFit(model: ServedModel, concurrency: number, budget: GpuBudget, candidates: readonly GpuSku[] = GPU_SKUS): GpuSku[] {
  return candidates
    .filter((sku) => misfits(model, sku, concurrency, budget).length === 0)
    .sort((a, b) => a.gpuMemoryGiB - b.gpuMemoryGiB || a.gpusPerVm - b.gpusPerVm);
}

function gib(value: number): string {
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

/** A request body larger than this cannot fit the served context: any character takes at most 12 bytes of JSON (`\uXXXX\uXXXX`), every token at least one character, plus room for the message structure. */
export const JSON_BYTES_PER_TOKEN_BOUND = 12;
export const REQUEST_ENVELOPE_BYTES = 16 * 1024;

/** The largest request body the gateway lets through for this model. */
export function maxRequestBytes(model: ServedModel): number {
  return model.maxModelLength * JSON_BYTES_PER_TOKEN_BOUND + REQUEST_ENVELOPE_BYTES;
}

/** The request body limit the edge and the gateway enforce: the configured one, or what the model's context can take. */
export function requestBodyLimitBytes(model: ServedModel, configuredKb: number | undefined): number {
  return configuredKb === undefined ? maxRequestBytes(model) : configuredKb * 1024;
}
