import type { IConstruct } from "constructs";
import { TerraformResource } from "cdktf";
import { catalog } from "../index";
import { suppressionProblem } from "../engine/suppressions";

export interface PolicySuppression {
  /** The rule waived, e.g. `FHI-ST-010`. */
  readonly ruleId: string;
  /** Why the control does not apply here; at least 10 characters, read by reviewers and auditors. */
  readonly reason: string;
  /** `YYYY-MM-DD`: after this day the finding returns (and FHI-SUP-002 reports the stale suppression). */
  readonly expires?: string;
}

const declared = new WeakMap<TerraformResource, PolicySuppression[]>();

/**
 * Waives policy rules for one resource, next to where it is declared. The suppression is written into the
 * synthesized JSON (`"//": {"policy_suppressions": [...]}`, which Terraform ignores), so `fhi synth` and
 * `fhi policy check cdktf.out` honour it alike. Throws at once for an unknown or critical rule, a short
 * reason or a malformed date: a bad exception should fail where it is written.
 */
export function suppressPolicy(resource: IConstruct, ...suppressions: PolicySuppression[]): void {
  if (!TerraformResource.isTerraformResource(resource)) throw new Error(`suppressPolicy: ${resource.node.path} is not a Terraform resource; suppress on the resource itself`);
  const rules = new Map(catalog().map((rule) => [rule.id, rule]));
  for (const suppression of suppressions) {
    const problem = suppressionProblem(suppression, rules);
    if (problem) throw new Error(`suppressPolicy on ${resource.node.path}: ${problem}`);
  }
  const all = [...(declared.get(resource) ?? []), ...suppressions];
  declared.set(resource, all);
  resource.addOverride("//.policy_suppressions", all);
}
