/**
 * A progressive rollout of one endpoint, typed: the deployment serving today (`current`), the one taking over
 * (`next`), where traffic goes back to (`rollbackTo`), the steps from a shadow copy of requests through canary shares
 * to all traffic, each with a bake time, and the gates on the metrics that must hold before the next step. The config
 * says which step the endpoint is at; `fhi rollout` moves it one step at a time (docs/adr/0005-releases-and-rollouts.md).
 */
import { z } from "zod";

const deploymentName = z.string().regex(/^[a-z][a-z0-9-]{2,31}$/, { error: "must name one of the endpoint's deployments, e.g. green" });
/** How long a step must run with every gate holding before the next one; Azure Monitor's smallest alert window is 5 minutes. */
const bakeMinutes = z.number().int().min(5).max(20160);

export const rolloutStep = z.discriminatedUnion("kind", [
  /** A copy of `percent` % of requests goes to `next`; its answers are discarded, clients get `current`'s. */
  z.object({ kind: z.literal("shadow"), percent: z.number().int().min(1).max(100), bakeMinutes }),
  /** `percent` % of requests are answered by `next`, the rest by `current`. */
  z.object({ kind: z.literal("canary"), percent: z.number().int().min(1).max(99), bakeMinutes }),
  /** Every request is answered by `next`; `current` stands by for a rollback until the rollout is removed from config. */
  z.object({ kind: z.literal("full"), bakeMinutes }),
]);

/**
 * Thresholds on `next`'s metrics, over the step's bake: a higher value fails the gate. Managed deployments: Azure ML's
 * `RequestLatency_P95`, the share of 5xx answers in its traffic log, `GpuUtilizationPercentage`; cluster deployments:
 * vLLM's `vllm:e2e_request_latency_seconds` p95, the share of requests finished with `error`, `vllm:kv_cache_usage_perc`.
 */
export const rolloutGates = z
  .object({
    p95LatencyMs: z.number().int().positive().optional(),
    serverErrorPercent: z.number().gt(0).max(100).optional(),
    gpuSaturationPercent: z.number().gt(0).max(100).optional(),
  })
  .refine((gates) => Object.values(gates).some((value) => value !== undefined), {
    error: "has no gate, so nothing would stop a failing release. Fix: set at least one of p95LatencyMs, serverErrorPercent, gpuSaturationPercent",
  });

export const rolloutPlan = z.object({
  current: deploymentName,
  next: deploymentName,
  rollbackTo: deploymentName,
  /** Index into `steps` of the step the endpoint is at; traffic must be what that step implies. */
  step: z.number().int().min(0),
  steps: z.array(rolloutStep).min(1),
  gates: rolloutGates,
});

export type RolloutStep = z.output<typeof rolloutStep>;
export type RolloutGates = z.output<typeof rolloutGates>;
export type RolloutPlan = z.output<typeof rolloutPlan>;
export type GateName = keyof RolloutGates;
export const GATE_NAMES: readonly GateName[] = ["p95LatencyMs", "serverErrorPercent", "gpuSaturationPercent"];

/** Azure ML mirrors at most 50 % of an endpoint's traffic (Learn: how-to-safely-rollout-online-endpoints, "Mirroring has the following limitations"). */
export const MANAGED_MIRROR_LIMIT_PERCENT = 50;

/** What a step does to traffic: the shares answered by `current` and `next`, and the share copied to `next`. */
export interface StepTraffic {
  readonly current: number;
  readonly next: number;
  readonly mirror: number;
}

export function stepTraffic(step: RolloutStep): StepTraffic {
  switch (step.kind) {
    case "shadow":
      return { current: 100, next: 0, mirror: step.percent };
    case "canary":
      return { current: 100 - step.percent, next: step.percent, mirror: 0 };
    case "full":
      return { current: 0, next: 100, mirror: 0 };
  }
}

const KIND_ORDER: Readonly<Record<RolloutStep["kind"], number>> = { shadow: 0, canary: 1, full: 2 };

/** Orders steps by how much of patients' traffic `next` sees: shadow < canary < full, then by percentage. */
export function compareExposure(a: RolloutStep, b: RolloutStep): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || ("percent" in a && "percent" in b ? a.percent - b.percent : 0);
}

export function describeStep(step: RolloutStep): string {
  return step.kind === "full" ? "full" : `${step.kind} ${step.percent} %`;
}

/** The step the endpoint is at; validation guarantees the index is in range. */
export function currentStep(plan: RolloutPlan): RolloutStep {
  return plan.steps[plan.step];
}
