import type { ReleaseInput } from "../environments/schema/release";

/**
 * The first release of the clinical model: a 405B-parameter dense transformer in FP8 (126 layers, grouped-query
 * attention) with an FP8 KV cache; one replica takes a whole 8 x H100 VM at 8 concurrent 32k-token requests
 * (environments/schema/model-fit.ts). Pilot and prod serve it.
 */
export const clinicalLlm1: ReleaseInput = {
  id: "clinical-llm-1",
  image: { repository: "model-server", digest: "sha256:3b1f0c2a9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a" },
  model: {
    name: "clinical-llm",
    version: "1",
    weights: { sha256: "9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f6e8a0c2e4a6b8d0f2e4c6a8b0d" },
    parametersBillions: 405,
    precision: "fp8",
    kvCachePrecision: "fp8",
    maxModelLength: 32768,
    architecture: { layers: 126, attentionHeads: 128, kvHeads: 8, headDim: 128 },
  },
  served: {
    // Its bring-up in dev ran on a temporary 8 x H100 pool (synthetic data only); dev's T4 pool, which serves the
    // stand-in (clinical-llm-mini-1), cannot hold it.
    dev: { since: "2026-08-24" },
    pilot: { since: "2026-09-14" },
    prod: { since: "2026-11-02" },
  },
  signOffs: {
    pilot: {
      by: "Dr Amina Okafor <amina.okafor@hospital.example>",
      at: "2026-09-10",
      evaluation: "https://docs.hospital.example/clinical-ai/evaluations/clinical-llm-1/pilot-entry",
    },
    prod: {
      by: "Dr Lars Eriksson <lars.eriksson@hospital.example>",
      at: "2026-10-26",
      evaluation: "https://docs.hospital.example/clinical-ai/evaluations/clinical-llm-1/prod-entry",
    },
  },
};
