import type { ResourceChange } from "../../model";
import type { Assessment, ScrutinyRule } from "../rule";
import { deploymentLabel, exposure, servingRecords, SERVING_RECORD_TYPES } from "../serving-records";
import { describeStep, stepTraffic, type RolloutPlan } from "../../../environments/schema/rollout";
import type { ServingRecord } from "../../../environments/schema/serving-record";

const at = (plan: RolloutPlan, step: number) => `step ${step} (${describeStep(plan.steps[step])})`;

/** The step after the plan's current one (the last step stays the last). */
function nextStep(plan: RolloutPlan) {
  return plan.steps[Math.min(plan.step + 1, plan.steps.length - 1)];
}

/** Does `next` see more traffic in `record` than the step after `plan`'s current one gives it? Returns the reason. */
function beyondNextStep(plan: RolloutPlan, record: ServingRecord): string | undefined {
  const allowed = stepTraffic(nextStep(plan));
  const next = record.deployments[plan.next];
  if (!next || (next.trafficPercent <= allowed.next && next.mirrorPercent <= allowed.mirror)) return undefined;
  return `${deploymentLabel(record, plan.next)} now takes ${next.trafficPercent} % of requests and a copy of ${next.mirrorPercent} %, more than the step after ${at(plan, plan.step)} gives it (${describeStep(nextStep(plan))})`;
}

/**
 * A rollout moves one step at a time (`fhi rollout advance`), each after its bake with every gate holding. Broadening:
 * the step index moving by more than one, a new rollout starting past its first step, traffic moved further than the
 * next step (also when the rollout is removed before it reached `full`), or traffic moved between deployments of a
 * gated environment without a rollout plan. A step back is narrowing.
 */
export const rolloutStep: ScrutinyRule = {
  id: "rollout-step",
  title: "Rollout steps",
  resourceTypes: SERVING_RECORD_TYPES,
  assess(change: ResourceChange): Assessment[] {
    const records = servingRecords(change);
    if (!records?.after) return [];
    const { before, after } = records;
    const was = before?.rollout;
    const is = after.rollout;
    const label = `rollout of ${after.endpoint}`;
    if (was && is && was.next === is.next && was.current === is.current) {
      const delta = is.step - was.step;
      if (delta > 1) return [{ kind: "broadening", reason: `${label} moves from ${at(was, was.step)} to ${at(is, is.step)}, skipping ${delta - 1} step(s)` }];
      if (delta < 0) return [{ kind: "narrowing", reason: `${label} goes back from ${at(was, was.step)} to ${at(is, is.step)}` }];
      const beyond = beyondNextStep(was, after);
      return beyond ? [{ kind: "broadening", reason: `${label}: ${beyond}` }] : [];
    }
    if (is) {
      return is.step > 0 ? [{ kind: "broadening", reason: `${label} to ${is.next} starts at ${at(is, is.step)}, skipping the ${is.step} step(s) before it` }] : [];
    }
    if (was) {
      if (was.step === was.steps.length - 1) return [{ kind: "notable", reason: `${label} to ${was.next} completed (the plan is removed at ${at(was, was.step)})` }];
      const beyond = beyondNextStep(was, after);
      return beyond ? [{ kind: "broadening", reason: `${label} is removed at ${at(was, was.step)}, and ${beyond}` }] : [{ kind: "narrowing", reason: `${label} to ${was.next} is abandoned at ${at(was, was.step)}` }];
    }
    if (!before) return [];
    return Object.entries(after.deployments).flatMap(([name, deployment]) => {
      const previous = before.deployments[name];
      if (!deployment.evidence || exposure(deployment) <= exposure(previous)) return [];
      return [{ kind: "broadening" as const, reason: `${deploymentLabel(after, name)} goes from ${exposure(previous)} % to ${exposure(deployment)} % of requests without a rollout plan: every step at once, with no gate` }];
    });
  },
};
