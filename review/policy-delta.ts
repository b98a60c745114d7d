import type { ResourceModel } from "../policies/model";
import { stackOf } from "./compare";
import type { PolicyDelta, PolicyFinding, ResourceChange } from "./model";

/** Runs the policy pack over a model and returns its failing results. */
export type PolicyEvaluator = (model: ResourceModel) => readonly PolicyFinding[];

/** The repository's own pack (policies/), loaded on use so that `fhi --help` does not pay for it. */
export const packEvaluator: PolicyEvaluator = (model) => {
  const { evaluate, HIPAA_AZURE_PACK } = require("../policies") as typeof import("../policies");
  const stacks = new Map(model.resources.map((resource) => [`${resource.source.file}|${resource.address}`, stackOf(resource)]));
  return evaluate(model, HIPAA_AZURE_PACK)
    .results.filter((result) => result.status === "fail")
    .map((result) => ({
      ruleId: result.ruleId,
      severity: result.severity,
      stack: result.stack ?? stacks.get(`${result.file}|${result.address}`),
      address: result.address,
      message: result.message,
    }));
};

/**
 * Findings the change introduces (failing after, not before) and resolves (failing before, not after),
 * matched by rule, stack and address; a resource whose logical ID changed is matched under its new address.
 * Findings of destroyed resources are not "resolved": they leave with the resource.
 */
export function policyDelta(
  base: ResourceModel,
  head: ResourceModel,
  changes: readonly ResourceChange[],
  evaluator: PolicyEvaluator,
  keep: (finding: PolicyFinding) => boolean = () => true,
): PolicyDelta {
  const renamed = new Map(changes.filter((change) => change.previousAddress !== undefined).map((change) => [`${change.stack}|${change.previousAddress}`, change.address]));
  const keyOf = (finding: PolicyFinding, fromBase: boolean) => {
    const address = fromBase ? (renamed.get(`${finding.stack}|${finding.address}`) ?? finding.address) : finding.address;
    return `${finding.ruleId}|${finding.stack}|${address}`;
  };
  const destroyed = new Set(changes.filter((change) => change.action === "destroy").map((change) => `${change.stack}|${change.address}`));
  const before = evaluator(base).filter((finding) => keep(finding) && !destroyed.has(`${finding.stack}|${finding.address}`));
  const after = evaluator(head).filter(keep);
  const beforeKeys = new Set(before.map((finding) => keyOf(finding, true)));
  const afterKeys = new Set(after.map((finding) => keyOf(finding, false)));
  return {
    introduced: after.filter((finding) => !beforeKeys.has(keyOf(finding, false))),
    resolved: before.filter((finding) => !afterKeys.has(keyOf(finding, true))),
  };
}
