import type { ResourceModel } from "../model/model";
import type { Resource } from "../model/resource";

export type Severity = "error" | "warning" | "info";
export const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];

/** The outcome of one rule on one resource. `unknown`: the input cannot tell yet (never a pass). */
export type CheckStatus = "pass" | "fail" | "unknown";

export interface Verdict {
  readonly status: CheckStatus;
  readonly message: string;
}

/** Where a rule's control comes from in the scanners and frameworks security teams already use. */
export interface RuleReferences {
  /** checkov IDs, CKV_AZURE_* / CKV2_AZURE_*. */
  readonly checkov: readonly string[];
  /** trivy (defsec) IDs, AVD-AZU-*. */
  readonly trivy: readonly string[];
  /** Azure Policy built-in definition IDs (GUIDs). */
  readonly azurePolicy: readonly string[];
  /** HIPAA Security Rule sections, e.g. 164.312(a)(2)(iv). */
  readonly hipaa: readonly string[];
}

/** Everything a report or the catalog says about a rule. */
export interface RuleInfo {
  /** Stable ID, `FHI-<SERVICE>-<NNN>`; never reused for another control. */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  /** Error rules for controls no exception may waive; suppressing them is itself a finding. */
  readonly critical?: boolean;
  /** Folder under policies/rules, e.g. `keyvault`. */
  readonly service: string;
  /** Why the control matters for patient data. */
  readonly rationale: string;
  /** What to change, in Terraform/cdktf terms. */
  readonly remediation: string;
  readonly references: RuleReferences;
  /**
   * Where the behaviour a rule encodes is documented: Microsoft Learn pages or provider source files at the pinned
   * version (the preflight pack, whose rules describe what Azure or the provider do rather than a control).
   */
  readonly sources?: readonly string[];
  /**
   * The resource types it applies to. A type that configures part of another (an `azurerm_network_security_rule`
   * of an NSG, see model/children.ts) is judged through its parent's effective configuration, and on its own
   * only when the parent is not in the input.
   */
  readonly resourceTypes: readonly string[];
  /**
   * The provider generations whose attribute names and defaults the check reads, e.g. `["azurerm 2.x",
   * "azurerm 3.x", "azurerm 4.x"]`: Terraform and plans of each of them are judged alike.
   */
  readonly generations?: readonly string[];
}

/** A rule: metadata, which resources it applies to, and the check. */
export interface Rule extends RuleInfo {
  /**
   * Narrows applicability within `resourceTypes` (e.g. one ARM type of `azapi_resource`); all when absent. Reads
   * the resource and, like `check`, at most the resources one reference away.
   */
  applies?(resource: Resource, model: ResourceModel): boolean;
  /**
   * Also judged on resources a plan destroys (and does not re-create), which other rules never see: for rules about
   * the destroy itself (e.g. a resource type Azure cannot delete). Their `values` are empty; `before` holds the state.
   */
  readonly judgesDestroyed?: boolean;
  /**
   * Judged on each resource as written, separate child resources included (model/children.ts), rather than on the
   * parent's effective view: for rules about what Terraform validates block by block, such as the provider's schema.
   */
  readonly judgesAsWritten?: boolean;
  /**
   * Judges the resource from its own values and those of the resources one reference away
   * (`model.referrers` / `model.referencedBy` of this resource). `fhi review --plan` relies on that: it
   * re-evaluates only changed resources and their neighbours. `resource` is the effective view
   * (`model.effective`): values canonical to their schema types, separate child resources merged in.
   */
  check(resource: Resource, model: ResourceModel): Verdict;
}

export function pass(message: string): Verdict {
  return { status: "pass", message };
}
export function fail(message: string): Verdict {
  return { status: "fail", message };
}
export function unknown(message: string): Verdict {
  return { status: "unknown", message };
}

/** Fills in empty reference lists so rule files only write the references that exist. */
export function defineRule(rule: Omit<Rule, "references"> & { readonly references: Partial<RuleReferences> }): Rule {
  return { ...rule, references: { checkov: [], trivy: [], azurePolicy: [], hipaa: [], ...rule.references } };
}
