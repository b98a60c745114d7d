import type { Resource, ResourceModel } from "../policies/model";
import { stackOf } from "./compare";
import type { PolicyDelta, PolicyFinding, ResourceChange } from "./model";

/** Runs the policy pack over a model (results for the `only` resources when given) and returns its failing results. */
export type PolicyEvaluator = (model: ResourceModel, only?: (resource: Resource) => boolean) => readonly PolicyFinding[];

/** The repository's own pack (policies/), loaded on use so that `fhi --help` does not pay for it. */
export const packEvaluator: PolicyEvaluator = (model, only) => {
  const { evaluate, HIPAA_AZURE_PACK } = require("../policies") as typeof import("../policies");
  let stacks: Map<string, Map<string, string>> | undefined;
  const stackFor = (file: string, address: string) => {
    if (stacks === undefined) {
      stacks = new Map();
      for (const resource of model.resources) {
        const byAddress = stacks.get(resource.source.file) ?? stacks.set(resource.source.file, new Map()).get(resource.source.file)!;
        byAddress.set(resource.address, stackOf(resource));
      }
    }
    return stacks.get(file)?.get(address);
  };
  return evaluate(model, HIPAA_AZURE_PACK, { only, withoutPasses: true })
    .results.filter((result) => result.status === "fail")
    .map((result) => ({
      ruleId: result.ruleId,
      severity: result.severity,
      stack: result.stack ?? stackFor(result.file, result.address),
      address: result.address,
      message: result.message,
    }));
};

/**
 * Findings the change introduces (failing after, not before) and resolves (failing before, not after),
 * matched by rule, stack and address; a resource whose logical ID changed is matched under its new address.
 * Findings of destroyed resources are not "resolved": they leave with the resource. `only` limits the
 * evaluation to the resources whose findings can differ between the two sides (see `planScope`).
 */
export function policyDelta(
  base: ResourceModel,
  head: ResourceModel,
  changes: readonly Pick<ResourceChange, "stack" | "address" | "action" | "previousAddress">[],
  evaluator: PolicyEvaluator,
  keep: (finding: PolicyFinding) => boolean = () => true,
  only?: (resource: Resource) => boolean,
): PolicyDelta {
  const renamed = new Map(changes.filter((change) => change.previousAddress !== undefined).map((change) => [`${change.stack}|${change.previousAddress}`, change.address]));
  const keyOf = (finding: PolicyFinding, fromBase: boolean) => {
    const address = fromBase ? (renamed.get(`${finding.stack}|${finding.address}`) ?? finding.address) : finding.address;
    return `${finding.ruleId}|${finding.stack}|${address}`;
  };
  const destroyed = new Set(changes.filter((change) => change.action === "destroy").map((change) => `${change.stack}|${change.address}`));
  // A destroyed resource's own findings are not even computed (its neighbours' are).
  const remains = (resource: Resource) => !destroyed.has(`${stackOf(resource)}|${resource.address}`) && (only?.(resource) ?? true);
  const before = evaluator(base, remains).filter((finding) => keep(finding) && !destroyed.has(`${finding.stack}|${finding.address}`));
  const after = evaluator(head, only).filter(keep);
  const beforeKeys = new Set(before.map((finding) => keyOf(finding, true)));
  const afterKeys = new Set(after.map((finding) => keyOf(finding, false)));
  return {
    introduced: after.filter((finding) => !beforeKeys.has(keyOf(finding, false))),
    resolved: before.filter((finding) => !afterKeys.has(keyOf(finding, true))),
  };
}

/**
 * Resources whose findings a comparison of two outputs can change: those of its changes (under either address, on
 * either side) and their neighbours, as for a plan (`planScope`).
 */
export function changeScope(base: ResourceModel, head: ResourceModel, changes: readonly ResourceChange[]): (resource: Resource) => boolean {
  const addresses = new Set(changes.flatMap((change) => [`${change.stack}|${change.address}`, ...(change.previousAddress !== undefined ? [`${change.stack}|${change.previousAddress}`] : [])]));
  const changed = [...base.resources, ...head.resources].filter((resource) => addresses.has(`${stackOf(resource)}|${resource.address}`));
  return planScope(base, head, changed);
}

/**
 * Resources whose findings a plan can change: the changed ones and every resource one reference away from them
 * on either side (a rule looks no further, see `Rule.check`). The findings of all others are the same before
 * and after, so they can be neither introduced nor resolved.
 */
export function planScope(base: ResourceModel, head: ResourceModel, changed: readonly Resource[]): (resource: Resource) => boolean {
  const keys = new Set<string>();
  for (const resource of changed) {
    keys.add(resource.key);
    for (const model of [base, head]) {
      const seen = model.get(resource.key);
      if (seen === undefined) continue;
      for (const reference of seen.references) if (model.get(reference.target) !== undefined) keys.add(reference.target);
      for (const referrer of model.referrers(seen)) keys.add(referrer.resource.key);
    }
  }
  return (resource) => keys.has(resource.key);
}
