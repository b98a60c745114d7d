/**
 * The served model, described once: what it is (size, precision, shape), where its weights are and how to prove
 * them unchanged, and how long a context it serves. Everything that depends on the model is derived from this in
 * `model-fit.ts`: the GPU memory it needs, whether a GPU size fits it, the server's flags and the gateway's limits.
 */
import { z } from "zod";

/**
 * Precision of the weights as the server loads them, with the bytes one parameter takes. fp8 is a pre-quantized
 * FP8 checkpoint (vLLM `--quantization fp8`); its activations, and so by default the KV cache, stay 16-bit.
 */
export const WEIGHT_PRECISIONS = { bfloat16: 2, float16: 2, fp8: 1 } as const;
export type WeightPrecision = keyof typeof WEIGHT_PRECISIONS;

/**
 * The oldest NVIDIA compute capability that runs each precision in vLLM: 7.0 for any model, 8.0 (Ampere) for
 * bfloat16 (vLLM: "Bfloat16 is only supported on GPUs with compute capability of at least 8.0") and for FP8
 * checkpoints (vLLM docs, FP8 W8A8: "FP8 models will run on compute capability > 8.0 (Ampere) as weight-only
 * W8A16, utilizing FP8 Marlin"; full FP8 compute needs 8.9, Ada Lovelace or Hopper).
 */
export const MIN_COMPUTE_CAPABILITY: Readonly<Record<WeightPrecision, number>> = { bfloat16: 8.0, float16: 7.0, fp8: 8.0 };

const sha256Hex = z.string().regex(/^[a-f0-9]{64}$/, {
  error: "must be 64 lowercase hex digits: the sha256 of the weights' SHA256SUMS manifest. Fix: sha256sum SHA256SUMS in the release's weights folder",
});

export const servedModel = z.object({
  /** The model's name: the Azure ML model asset, the folder of its weights and the `model` clients ask for. */
  name: z.string().regex(/^[a-z][a-z0-9-]{1,62}$/, { error: "must be 2-63 lowercase letters, digits or hyphens starting with a letter, e.g. clinical-llm" }),
  /** A whole number, as Azure ML numbers model versions; a new version never overwrites an old one's weights. */
  version: z.string().regex(/^[1-9][0-9]{0,8}$/, { error: "must be a whole number such as 3 (Azure ML model versions). Fix: bump it for every new set of weights" }),
  weights: z.object({
    /**
     * sha256 of the `SHA256SUMS` file (sha256sum's format, one line per file) at the root of the weights folder.
     * The model server refuses to start unless that file hashes to this and every file matches its line.
     */
    sha256: sha256Hex,
  }),
  /** Parameters, in billions: the weights' size is this times the precision's bytes. */
  parametersBillions: z.number().positive().max(10000),
  precision: z.enum(Object.keys(WEIGHT_PRECISIONS) as [WeightPrecision, ...WeightPrecision[]], {
    error: `must be one of ${Object.keys(WEIGHT_PRECISIONS).join(", ")}`,
  }),
  /** `auto` keeps the KV cache at the activations' 16 bits; `fp8` halves it (vLLM `--kv-cache-dtype fp8`). Default: auto. */
  kvCachePrecision: z.enum(["auto", "fp8"]).default("auto"),
  /** The longest prompt plus completion served, in tokens (vLLM `--max-model-len`); at most what the model was trained for. */
  maxModelLength: z.number().int().min(256).max(1048576),
  /** The transformer's shape, from its config.json: what the KV cache of one token takes. */
  architecture: z.object({
    /** `num_hidden_layers` */
    layers: z.number().int().positive(),
    /** `num_attention_heads`: tensor parallelism splits these, so the GPUs per VM must divide it. */
    attentionHeads: z.number().int().positive(),
    /** `num_key_value_heads` (grouped-query attention); equal to attentionHeads without it. */
    kvHeads: z.number().int().positive(),
    /** `head_dim`, or hidden_size / num_attention_heads. */
    headDim: z.number().int().positive(),
  }),
});

/** The server's share of GPU memory and the fit's safety margin; defaults are vLLM's default share and 10 %. */
export const gpuBudget = z.object({
  /** vLLM `--gpu-memory-utilization`: the share of each GPU's memory the server may take. Default 0.9. */
  gpuMemoryUtilization: z.number().min(0.5).max(0.95).default(0.9),
  /** What the model's estimated need must leave free of that share, for estimates that fall short. Default 0.1. */
  headroom: z.number().min(0.05).max(0.5).default(0.1),
});

export type ServedModel = z.output<typeof servedModel>;
export type GpuBudget = z.output<typeof gpuBudget>;
