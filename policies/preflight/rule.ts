import { defineRule, type Rule, type Verdict } from "../engine/rule";
import type { ResourceModel } from "../model/model";
import type { Resource } from "../model/resource";
import { DeploymentModel } from "./deployment";

/** A preflight rule: what Azure or the azurerm provider would refuse at apply time, and where that is documented. */
export interface PreflightRuleSpec extends Omit<Rule, "references" | "check" | "critical" | "sources"> {
  /** Microsoft Learn pages or provider source files (tag v4.55.0) that document the behaviour. At least one. */
  readonly sources: readonly string[];
  check(resource: Resource, model: DeploymentModel): Verdict;
}

/**
 * Builds a rule for the preflight pack on the policy engine: same shape as the security rules (ID, severity,
 * rationale, remediation, one file per rule), with sources instead of scanner references, judged on a
 * DeploymentModel (resources plus stacks in deploy order).
 */
export function definePreflightRule(spec: PreflightRuleSpec): Rule {
  if (spec.sources.length === 0) throw new Error(`${spec.id}: a preflight rule cites the Azure or provider behaviour it encodes. Fix: add a source`);
  return defineRule({
    ...spec,
    references: {},
    // What the provider and Azure refuse depends on the configuration as written, resource by resource.
    judgesAsWritten: true,
    check: (resource: Resource, model: ResourceModel) => {
      if (!(model instanceof DeploymentModel)) throw new Error(`${spec.id}: the preflight pack runs on a DeploymentModel (policies/preflight/load.ts)`);
      return spec.check(resource, model);
    },
  });
}
