/**
 * Rules of an endpoint's rollout plan that relate it to the endpoint's deployments: the deployments it names exist,
 * the steps only ever expose `next` to more traffic, and the traffic split is the one the current step implies.
 * Whether `next`'s release may serve the environment at all is the release pass's (release-checks.ts).
 */
import type { z } from "zod";
import type { OnlineEndpointConfig } from "./config";
import { compareExposure, describeStep, MANAGED_MIRROR_LIMIT_PERCENT, stepTraffic, type RolloutPlan } from "./rollout";

type Ctx = z.RefinementCtx;

function fail(ctx: Ctx, path: (string | number)[], message: string): void {
  ctx.addIssue({ code: "custom", path, message });
}

export function checkEndpointRollout(endpoint: OnlineEndpointConfig, ctx: Ctx): void {
  const plan = endpoint.rollout;
  if (!plan) return;
  const names = endpoint.deployments.map((deployment) => deployment.name);
  let namesHold = true;
  for (const role of ["current", "next", "rollbackTo"] as const) {
    if (!names.includes(plan[role])) {
      fail(ctx, ["rollout", role], `no deployment "${plan[role]}" in ${endpoint.name}. Fix: use one of ${names.join(", ")}`);
      namesHold = false;
    }
  }
  if (plan.next === plan.current) {
    fail(ctx, ["rollout", "next"], `is the current deployment "${plan.current}"; a rollout moves traffic from one deployment to another. Fix: name the deployment running the new release`);
    namesHold = false;
  }
  if (plan.rollbackTo === plan.next) {
    fail(ctx, ["rollout", "rollbackTo"], `is the deployment being rolled out ("${plan.next}"), so a rollback would change nothing. Fix: name the deployment that served before, usually "${plan.current}"`);
  }
  const stepsHold = checkSteps(ctx, plan, endpoint.deployments.every((deployment) => deployment.compute.kind === "managed"));
  if (plan.step >= plan.steps.length) {
    fail(ctx, ["rollout", "step"], `${plan.step} is past the last step (${plan.steps.length - 1}). Fix: use an index from 0 to ${plan.steps.length - 1}`);
    return;
  }
  if (namesHold && stepsHold) checkTraffic(ctx, endpoint, plan);
  const next = endpoint.deployments.find((deployment) => deployment.name === plan.next);
  const latency = plan.gates.p95LatencyMs;
  if (next && latency !== undefined && latency >= next.requestTimeoutMs) {
    fail(ctx, ["rollout", "gates", "p95LatencyMs"], `${latency} ms is not below ${next.name}'s request timeout (${next.requestTimeoutMs} ms), so the gate could never fail. Fix: lower it below ${next.requestTimeoutMs}`);
  }
}

/** Each step exposes `next` to more than the one before, and the plan ends with `full`; false when they do not. */
function checkSteps(ctx: Ctx, plan: RolloutPlan, managed: boolean): boolean {
  let hold = true;
  plan.steps.forEach((step, index) => {
    const previous = plan.steps[index - 1];
    if (previous && compareExposure(step, previous) <= 0) {
      fail(ctx, ["rollout", "steps", index], `${describeStep(step)} does not expose ${plan.next} to more traffic than the step before (${describeStep(previous)}). Fix: order the steps shadow, then canary percentages rising, then full`);
      hold = false;
    }
    if (step.kind === "full" && index !== plan.steps.length - 1) {
      fail(ctx, ["rollout", "steps", index], "full must be the last step: once the new release answers every request there is nothing further to roll out. Fix: move it to the end");
      hold = false;
    }
    if (managed && step.kind === "shadow" && step.percent > MANAGED_MIRROR_LIMIT_PERCENT) {
      fail(ctx, ["rollout", "steps", index, "percent"], `Azure ML mirrors at most ${MANAGED_MIRROR_LIMIT_PERCENT} % of an endpoint's traffic (Learn: how-to-safely-rollout-online-endpoints). Fix: shadow ${MANAGED_MIRROR_LIMIT_PERCENT} % or less`);
      hold = false;
    }
  });
  if (plan.steps.at(-1)?.kind !== "full") {
    fail(ctx, ["rollout", "steps"], `ends at ${describeStep(plan.steps.at(-1)!)}, so ${plan.next} never takes over. Fix: end the steps with { kind: "full", bakeMinutes }`);
    hold = false;
  }
  return hold;
}

/** The deployments' shares are what the current step gives them: current and next as the step says, any other none. */
function checkTraffic(ctx: Ctx, endpoint: OnlineEndpointConfig, plan: RolloutPlan): void {
  const step = plan.steps[plan.step];
  const traffic = stepTraffic(step);
  endpoint.deployments.forEach((deployment, index) => {
    const expected = deployment.name === plan.current ? traffic.current : deployment.name === plan.next ? traffic.next : 0;
    if (deployment.trafficPercent !== expected) {
      fail(
        ctx,
        ["deployments", index, "trafficPercent"],
        `is ${deployment.trafficPercent}, but rollout step ${plan.step} (${describeStep(step)}) gives ${deployment.name} ${expected}. Fix: set it to ${expected}, or set rollout.step to the step this split belongs to`,
      );
    }
  });
}
