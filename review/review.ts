import { loadModel } from "../policies/adapters";
import type { Resource, ResourceModel } from "../policies/model";
import { compareModels, inEnvironments, stackOf } from "./compare";
import { ReviewInputError } from "./errors";
import { NOT_EXHAUSTIVE_NOTE, summarize, type PolicyDelta, type PolicyFinding, type Review, type ResourceChange } from "./model";
import { planChanges, planPolicyDelta, readPlan } from "./plan";
import { changeScope, packEvaluator, policyDelta, type PolicyEvaluator } from "./policy-delta";
import { scrutinize } from "./scrutiny/scrutinize";
import type { CheckoutSynthesizer } from "./sources/git";

/** What to compare: two git refs, two synthesized outputs, or a Terraform plan. */
export type ReviewSource =
  | {
      readonly kind: "refs";
      readonly cwd: string;
      readonly base?: string;
      readonly head?: string;
      readonly synthesize?: CheckoutSynthesizer;
      readonly tmpdir?: string;
      /** Progress lines while the refs are synthesized (a few seconds each). */
      readonly progress?: (line: string) => void;
      /** What the user should know though the review goes on (a damaged cache entry). */
      readonly warn?: (line: string) => void;
      /** Where synthesized commits are kept between reviews (see review/sources/cache.ts); false for nowhere. */
      readonly cacheDirectory?: string | false;
    }
  | { readonly kind: "outputs"; readonly before: string; readonly after: string }
  | { readonly kind: "plan"; readonly file: string };

export interface ReviewOptions {
  readonly source: ReviewSource;
  /** Only the stacks of these environments; all when empty. */
  readonly environments?: readonly string[];
  /** How policy findings are computed; the repository's pack when absent, none when false. */
  readonly policy?: PolicyEvaluator | false;
}

export type ApprovalMode = "never" | "broadening" | "any-change";
export const APPROVAL_MODES: readonly ApprovalMode[] = ["never", "broadening", "any-change"];

/** Does the review need a person's approval under the mode (the CI gate, `--require-approval`)? */
export function approvalNeeded(review: Review, mode: ApprovalMode): boolean {
  if (mode === "broadening") return review.summary.broadening > 0;
  if (mode === "any-change") return review.changes.length > 0;
  return false;
}

function finish(title: string, changes: ResourceChange[], unchanged: number, policy: PolicyDelta): Review {
  scrutinize(changes);
  return { title, changes, policy, summary: summarize(changes, unchanged), note: NOT_EXHAUSTIVE_NOTE };
}

const NOT_REQUESTED: PolicyDelta = { introduced: [], resolved: [], skipped: "policy findings not requested" };

/** The findings a review reports: those of the environments it was asked about. */
const findingsOf = (environments: readonly string[]) => (finding: PolicyFinding) => finding.stack === undefined || inEnvironments(finding.stack, environments);

function delta(base: ResourceModel, head: ResourceModel, changes: readonly ResourceChange[], options: ReviewOptions, only?: (resource: Resource) => boolean): PolicyDelta {
  if (options.policy === false) return NOT_REQUESTED;
  return policyDelta(base, head, changes, options.policy ?? packEvaluator, findingsOf(options.environments ?? []), only);
}

function reviewPlan(file: string, options: ReviewOptions): Review {
  const plan = readPlan(file);
  const { changes, unchanged } = planChanges(plan);
  const policy = options.policy === false ? NOT_REQUESTED : planPolicyDelta(plan, options.policy ?? packEvaluator, findingsOf(options.environments ?? []));
  return finish(`plan ${file}`, changes, unchanged, policy);
}

/** Every environment named with --env has stacks on one side at least: a misspelt name must not pass the gate with "no changes". */
function checkEnvironments(environments: readonly string[], base: ResourceModel, head: ResourceModel): void {
  const stacks = new Set([...base.resources, ...head.resources].map(stackOf));
  const missing = environments.filter((environment) => ![...stacks].some((stack) => inEnvironments(stack, [environment])));
  if (missing.length === 0) return;
  const found = [...new Set([...stacks].map((stack) => stack.split("-")[0]))].sort();
  throw new ReviewInputError(`--env ${missing.join(", ")}: no stack of that environment on either side (found: ${found.join(", ") || "none"}). Fix: name an environment that was synthesized`);
}

function compareOutputs(before: string, after: string, title: string, options: ReviewOptions): Review {
  const base = loadModel([before]).model;
  const head = loadModel([after]).model;
  checkEnvironments(options.environments ?? [], base, head);
  const { changes, unchanged } = compareModels(base, head, options.environments ?? []);
  return finish(title, changes, unchanged, delta(base, head, changes, options, changeScope(base, head, changes)));
}

/** Compares what the options name and runs the scrutiny rules and the policy pack over the difference. */
export async function runReview(options: ReviewOptions): Promise<Review> {
  const source = options.source;
  switch (source.kind) {
    case "outputs":
      return compareOutputs(source.before, source.after, `${source.before} -> ${source.after}`, options);
    case "plan":
      return reviewPlan(source.file, options);
    case "refs": {
      // Loaded on use: reviews of a plan or of two outputs start no git and no child process.
      const { withRefOutputs } = require("./sources/git") as typeof import("./sources/git");
      return withRefOutputs({ ...source, environments: options.environments }, (outputs) =>
        compareOutputs(outputs.base, outputs.head, `${outputs.baseLabel} -> ${outputs.headLabel}`, options),
      );
    }
  }
}
