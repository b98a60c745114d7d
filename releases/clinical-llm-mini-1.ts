import type { ReleaseInput } from "../environments/schema/release";

/**
 * The 3.2B stand-in dev serves: the frontier model's interface on one cheap T4 (float16: T4s have no bfloat16), so
 * every code path runs in the sandbox. It never leaves dev, so it carries no clinical sign-off.
 */
export const clinicalLlmMini1: ReleaseInput = {
  id: "clinical-llm-mini-1",
  image: { repository: "model-server", digest: "sha256:3b1f0c2a9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a" },
  model: {
    name: "clinical-llm-mini",
    version: "1",
    weights: { sha256: "4b8e2d6f0a1c3e5b7d9f1a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b" },
    parametersBillions: 3.2,
    precision: "float16",
    maxModelLength: 4096,
    architecture: { layers: 28, attentionHeads: 24, kvHeads: 8, headDim: 128 },
  },
  served: { dev: { since: "2026-08-17" } },
};
