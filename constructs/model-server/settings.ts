/**
 * How the model server (images/model-server) is started, as environment variables its entrypoint turns into vLLM
 * flags: the same settings whether Azure ML or Kubernetes runs the container, so the two cannot drift apart.
 */

export type ServedPrecision = "bfloat16" | "float16" | "fp8";

export interface ModelServerSettings {
  /** The `model` clients ask for; vLLM `--served-model-name`. */
  readonly servedModelName: string;
  /** Where the weights are mounted or copied in the container; holds `SHA256SUMS` at its root. */
  readonly modelDir: string;
  /** sha256 of the weights' `SHA256SUMS`: the server refuses to start on anything else. */
  readonly weightsSha256: string;
  /** vLLM `--tensor-parallel-size`: every GPU of the VM. */
  readonly tensorParallelSize: number;
  /** vLLM `--max-model-len`, in tokens. */
  readonly maxModelLength: number;
  /** vLLM `--gpu-memory-utilization`. */
  readonly gpuMemoryUtilization: number;
  /** vLLM `--max-num-seqs`: requests batched at once, the concurrency the GPUs were sized for. */
  readonly maxConcurrentSequences: number;
  readonly precision: ServedPrecision;
  readonly kvCachePrecision: "auto" | "fp8";
  readonly port: number;
}

/** The variables `images/model-server/serve.sh` reads; a test keeps the two in step. */
export const MODEL_SERVER_VARIABLES = [
  "MODEL_DIR",
  "SERVED_MODEL_NAME",
  "WEIGHTS_SHA256",
  "PORT",
  "TENSOR_PARALLEL_SIZE",
  "MAX_MODEL_LEN",
  "GPU_MEMORY_UTILIZATION",
  "MAX_NUM_SEQS",
  "DTYPE",
  "QUANTIZATION",
  "KV_CACHE_DTYPE",
] as const;

export type ModelServerVariable = (typeof MODEL_SERVER_VARIABLES)[number];

/**
 * The container's environment. An FP8 checkpoint is loaded with vLLM's `fp8` quantization and 16-bit activations
 * (`--dtype auto`); 16-bit checkpoints name their dtype, so a float16-only GPU never silently gets bfloat16.
 */
export function modelServerEnvironment(settings: ModelServerSettings): Record<ModelServerVariable, string> {
  return {
    MODEL_DIR: settings.modelDir,
    SERVED_MODEL_NAME: settings.servedModelName,
    WEIGHTS_SHA256: settings.weightsSha256,
    PORT: String(settings.port),
    TENSOR_PARALLEL_SIZE: String(settings.tensorParallelSize),
    MAX_MODEL_LEN: String(settings.maxModelLength),
    GPU_MEMORY_UTILIZATION: String(settings.gpuMemoryUtilization),
    MAX_NUM_SEQS: String(settings.maxConcurrentSequences),
    DTYPE: settings.precision === "fp8" ? "auto" : settings.precision,
    QUANTIZATION: settings.precision === "fp8" ? "fp8" : "",
    KV_CACHE_DTYPE: settings.kvCachePrecision,
  };
}

/**
 * Seconds a start may take before the server is declared dead: hashing every weight file and loading it onto the
 * GPUs, each at a conservative 0.5 GiB/s, plus 5 minutes for everything else (CUDA graphs, warm-up).
 */
export function startupBudgetSeconds(weightsGiB: number): number {
  return 300 + Math.ceil(weightsGiB * 4);
}
