import type { ResourceModel } from "../policies/model";
import type { PolicyDelta, PolicyFinding, ResourceChange } from "./model";

/** Runs the policy pack over a model and returns its failing results. */
export type PolicyEvaluator = (model: ResourceModel) => readonly PolicyFinding[];

/** The repository's own pack (policies/), loaded on use so that `fhi --help` does not pay for it. */
export const packEvaluator: PolicyEvaluator = (model) => {
  const { evaluate, HIPAA_AZURE_PACK } = require("../policies") as typeof import("../policies");
  return evaluate(model, HIPAA_AZURE_PACK)
    .results.filter((result) => result.status === "fail")
    .map((result) => ({
      ruleId: result.ruleId,
      severity: result.severity,
      ...(result.stack !== undefined ? { stack: result.stack } : {}),
      address: result.address,
      message: result.message,
    }));
};

/**
 * Findings the change introduces (failing after, not before) and resolves (failing before, not after),
 * matched by rule, stack and address; a resource whose logical ID changed is matched under its new address.
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
  const before = evaluator(base).filter(keep);
  const after = evaluator(head).filter(keep);
  const beforeKeys = new Set(before.map((finding) => keyOf(finding, true)));
  const afterKeys = new Set(after.map((finding) => keyOf(finding, false)));
  return {
    introduced: after.filter((finding) => !beforeKeys.has(keyOf(finding, false))),
    resolved: before.filter((finding) => !afterKeys.has(keyOf(finding, true))),
  };
}
