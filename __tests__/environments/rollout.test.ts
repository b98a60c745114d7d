import { pilot } from "../../environments/pilot";
import { prod } from "../../environments/prod";
import { formatProblem, validateEnvironment } from "../../environments/schema/validate";
import { compareExposure, stepTraffic, type RolloutStep } from "../../environments/schema/rollout";
import { mirrorPercent } from "../../environments/schema/releases";
import { catalogWith, rollingOut, STEPS, TODAY, validated } from "../fixtures/releases";
import type { Loose } from "./problems";

/** Problems of prod (or `base`) rolling out to clinical-llm-2 at `step`, after `change`. */
function problems(step: number, change: (env: Loose, endpoint: Loose) => void = () => undefined, base = prod): string[] {
  const env = rollingOut(base, step);
  for (const region of env.regions) for (const endpoint of region.endpoints) change(env, endpoint);
  const result = validateEnvironment(env, env.name, { releases: catalogWith(), today: TODAY });
  return result.ok ? [] : result.problems.map(formatProblem);
}

/** Only the problems of the first region's endpoint (prod's two regions repeat them). */
const first = (lines: string[]) => lines.filter((line) => line.includes("regions[0]"));

describe("a rollout plan, typed", () => {
  test.each(STEPS.map((step, index) => [index, step.kind] as const))("prod at step %i (%s) is valid with the split the step implies", (step) => {
    expect(problems(step)).toEqual([]);
  });

  test("pilot's cluster may shadow more than Azure ML's 50 %", () => {
    expect(problems(0, (_env, endpoint) => (endpoint.rollout.steps[0].percent = 80), pilot)).toEqual([]);
  });

  test("what each step does to traffic, and which steps expose more", () => {
    expect(STEPS.map((step) => stepTraffic(step as RolloutStep))).toEqual([
      { current: 100, next: 0, mirror: 20 },
      { current: 95, next: 5, mirror: 0 },
      { current: 75, next: 25, mirror: 0 },
      { current: 50, next: 50, mirror: 0 },
      { current: 0, next: 100, mirror: 0 },
    ]);
    expect(compareExposure({ kind: "canary", percent: 1, bakeMinutes: 5 }, { kind: "shadow", percent: 100, bakeMinutes: 5 })).toBeGreaterThan(0);
    const env = validated(rollingOut(prod, 0), "prod");
    expect(mirrorPercent(env.regions[0].endpoints[0])).toBe(20);
    expect(mirrorPercent(validated(rollingOut(prod, 1), "prod").regions[0].endpoints[0])).toBe(0);
  });
});

describe("a rollout plan that would not hold is refused, on the field", () => {
  test("a split that is not the current step's", () => {
    expect(first(problems(1, (_env, endpoint) => {
      endpoint.deployments[0].trafficPercent = 80;
      endpoint.deployments[1].trafficPercent = 20;
    }))).toEqual([
      "prod: regions[0].endpoints[0].deployments[0].trafficPercent: is 80, but rollout step 1 (canary 5 %) gives blue 95. Fix: set it to 95, or set rollout.step to the step this split belongs to",
      "prod: regions[0].endpoints[0].deployments[1].trafficPercent: is 20, but rollout step 1 (canary 5 %) gives green 5. Fix: set it to 5, or set rollout.step to the step this split belongs to",
    ]);
  });

  test("steps out of order, full before the end, or no full at all", () => {
    expect(first(problems(0, (_env, endpoint) => endpoint.rollout.steps.splice(2, 1, { kind: "canary", percent: 4, bakeMinutes: 60 })))).toEqual([
      "prod: regions[0].endpoints[0].rollout.steps[2]: canary 4 % does not expose green to more traffic than the step before (canary 5 %). Fix: order the steps shadow, then canary percentages rising, then full",
    ]);
    expect(first(problems(0, (_env, endpoint) => endpoint.rollout.steps.push({ kind: "shadow", percent: 5, bakeMinutes: 60 })))).toEqual([
      "prod: regions[0].endpoints[0].rollout.steps[4]: full must be the last step: once the new release answers every request there is nothing further to roll out. Fix: move it to the end",
      "prod: regions[0].endpoints[0].rollout.steps[5]: shadow 5 % does not expose green to more traffic than the step before (full). Fix: order the steps shadow, then canary percentages rising, then full",
      'prod: regions[0].endpoints[0].rollout.steps: ends at shadow 5 %, so green never takes over. Fix: end the steps with { kind: "full", bakeMinutes }',
    ]);
    expect(first(problems(0, (_env, endpoint) => endpoint.rollout.steps.pop()))).toEqual([
      'prod: regions[0].endpoints[0].rollout.steps: ends at canary 50 %, so green never takes over. Fix: end the steps with { kind: "full", bakeMinutes }',
    ]);
  });

  test("a shadow share above Azure ML's mirroring limit on managed endpoints", () => {
    expect(first(problems(0, (_env, endpoint) => (endpoint.rollout.steps[0].percent = 60)))).toEqual([
      "prod: regions[0].endpoints[0].rollout.steps[0].percent: Azure ML mirrors at most 50 % of an endpoint's traffic (Learn: how-to-safely-rollout-online-endpoints). Fix: shadow 50 % or less",
    ]);
  });

  test("a step index past the last step", () => {
    expect(first(problems(4, (_env, endpoint) => (endpoint.rollout.step = 5)))).toEqual(["prod: regions[0].endpoints[0].rollout.step: 5 is past the last step (4). Fix: use an index from 0 to 4"]);
  });

  test("deployments the plan names must exist, differ, and the rollback target is not the one rolled out", () => {
    expect(first(problems(1, (_env, endpoint) => (endpoint.rollout.next = "teal")))).toEqual(['prod: regions[0].endpoints[0].rollout.next: no deployment "teal" in fhi-llm-us. Fix: use one of blue, green']);
    expect(first(problems(1, (_env, endpoint) => (endpoint.rollout.next = "blue")))).toEqual([
      'prod: regions[0].endpoints[0].rollout.next: is the current deployment "blue"; a rollout moves traffic from one deployment to another. Fix: name the deployment running the new release',
      'prod: regions[0].endpoints[0].rollout.rollbackTo: is the deployment being rolled out ("blue"), so a rollback would change nothing. Fix: name the deployment that served before, usually "blue"',
    ]);
    expect(first(problems(1, (_env, endpoint) => (endpoint.rollout.rollbackTo = "green")))).toEqual([
      'prod: regions[0].endpoints[0].rollout.rollbackTo: is the deployment being rolled out ("green"), so a rollback would change nothing. Fix: name the deployment that served before, usually "blue"',
    ]);
  });

  test("gates: at least one, and a latency gate below the request timeout", () => {
    expect(first(problems(1, (_env, endpoint) => (endpoint.rollout.gates = {})))).toEqual([
      "prod: regions[0].endpoints[0].rollout.gates: has no gate, so nothing would stop a failing release. Fix: set at least one of p95LatencyMs, serverErrorPercent, gpuSaturationPercent",
    ]);
    expect(first(problems(1, (_env, endpoint) => (endpoint.rollout.gates.p95LatencyMs = 90000)))).toEqual([
      "prod: regions[0].endpoints[0].rollout.gates.p95LatencyMs: 90000 ms is not below green's request timeout (90000 ms), so the gate could never fail. Fix: lower it below 90000",
    ]);
    expect(first(problems(1, (_env, endpoint) => (endpoint.rollout.gates.latency = 100)))).toEqual(['prod: regions[0].endpoints[0].rollout.gates.latency: unknown field. Fix: remove it; the fields here are p95LatencyMs, serverErrorPercent, gpuSaturationPercent']);
  });

  test("a bake shorter than Azure Monitor's smallest alert window, and an unknown kind of step", () => {
    expect(first(problems(1, (_env, endpoint) => (endpoint.rollout.steps[1].bakeMinutes = 1)))).toEqual([
      "prod: regions[0].endpoints[0].rollout.steps[1].bakeMinutes: must be at least 5 (it is 1). Fix: choose a value within the bound",
    ]);
    expect(first(problems(1, (_env, endpoint) => (endpoint.rollout.steps[1] = { kind: "blue-green", bakeMinutes: 60 })))).toEqual([
      'prod: regions[0].endpoints[0].rollout.steps[1].kind: the text "blue-green" is not one of "shadow", "canary", "full". Fix: use one of "shadow", "canary", "full"',
    ]);
  });
});
