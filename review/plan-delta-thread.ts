/**
 * The policy delta of a plan, on a thread of its own (see `planDeltaBeside` in review.ts): it reads the plan
 * itself and posts back the delta, or nothing if it could not compute one.
 */
import * as nodeModule from "node:module";
import { parentPort, workerData } from "node:worker_threads";
import type { PolicyFinding } from "./model";

/** What the thread is given. */
export interface PlanDeltaRequest {
  readonly file: string;
  /** Only findings of the stacks of these environments (all when empty). */
  readonly environments: readonly string[];
}

nodeModule.enableCompileCache?.();
const { file, environments } = workerData as PlanDeltaRequest;
try {
  const { readPlan, planPolicyDelta } = require("./plan") as typeof import("./plan");
  const { packEvaluator } = require("./policy-delta") as typeof import("./policy-delta");
  const { inEnvironments } = require("./compare") as typeof import("./compare");
  const keep = (finding: PolicyFinding) => finding.stack === undefined || inEnvironments(finding.stack, environments);
  parentPort!.postMessage(planPolicyDelta(readPlan(file), packEvaluator, keep));
} catch {
  // The review's own thread reads the same plan, and reports what is wrong with it (or computes the delta itself).
  parentPort!.postMessage(undefined);
}
