import type { Value, ValueObject } from "../policies/model";

/** What applying the change does to one resource. `move`: same Azure resource, only its Terraform address changed. */
export type ChangeAction = "create" | "update" | "replace" | "destroy" | "move";
export const CHANGE_ACTIONS: readonly ChangeAction[] = ["create", "update", "replace", "destroy", "move"];

/** One attribute that differs, by dotted path (list positions as numbers). */
export interface AttributeChange {
  readonly path: string;
  /** Absent before (created attribute): undefined. Unknown values stay `Unknown`. */
  readonly before: Value | undefined;
  readonly after: Value | undefined;
  /** This attribute cannot be changed in place: Terraform replaces the resource. */
  readonly forcesReplacement?: boolean;
}

export type SecurityKind = "broadening" | "narrowing" | "notable";

/** What a scrutiny rule says about one change. */
export interface SecurityNote {
  readonly kind: SecurityKind;
  readonly reason: string;
  /** The scrutiny rule that said it (review/scrutiny/rules/<rule>.ts). */
  readonly rule: string;
}

export interface ResourceChange {
  /** cdktf stack, or `terraform` / `plan` for inputs without stacks. */
  readonly stack: string;
  readonly address: string;
  /** Address in the base when the logical ID changed but the resource is the same. */
  readonly previousAddress?: string;
  readonly type: string;
  readonly action: ChangeAction;
  readonly attributes: readonly AttributeChange[];
  /** Values before and after (null when the resource does not exist on that side); rules read these. */
  readonly before: ValueObject | null;
  readonly after: ValueObject | null;
  /** Why the resource is replaced: attribute paths, or the plan's word for it. */
  readonly replacedBecause?: readonly string[];
  /** Set when a stateful resource (data lives in it) is replaced or destroyed: what is lost. */
  readonly statefulLoss?: string;
  security: SecurityNote[];
}

export interface PolicyFinding {
  readonly ruleId: string;
  readonly severity: string;
  readonly stack?: string;
  readonly address: string;
  readonly message: string;
}

export interface PolicyDelta {
  /** Failing after the change, not before. */
  readonly introduced: readonly PolicyFinding[];
  /** Failing before the change, not after. */
  readonly resolved: readonly PolicyFinding[];
  /** Why no delta was computed, when it was not (no policy pack available, plan without prior state). */
  readonly skipped?: string;
}

export interface ReviewSummary {
  readonly stacks: number;
  readonly create: number;
  readonly update: number;
  readonly replace: number;
  readonly destroy: number;
  readonly move: number;
  readonly unchanged: number;
  readonly broadening: number;
  readonly narrowing: number;
  readonly notable: number;
  readonly statefulLosses: number;
}

export interface Review {
  /** What was compared, for headings: `main (abc1234) -> working tree`. */
  readonly title: string;
  readonly changes: readonly ResourceChange[];
  readonly policy: PolicyDelta;
  readonly summary: ReviewSummary;
  /** Always shown: automated scrutiny is a help, not a proof. */
  readonly note: string;
}

export const NOT_EXHAUSTIVE_NOTE =
  "The security-relevant changes listed here may not be exhaustive: the scrutiny rules know the settings they were written for. A security reviewer reads the full diff.";

export function summarize(changes: readonly ResourceChange[], unchanged: number): ReviewSummary {
  const count = (action: ChangeAction) => changes.filter((change) => change.action === action).length;
  const notes = changes.flatMap((change) => change.security);
  return {
    stacks: new Set(changes.map((change) => change.stack)).size,
    create: count("create"),
    update: count("update"),
    replace: count("replace"),
    destroy: count("destroy"),
    move: count("move"),
    unchanged,
    broadening: notes.filter((note) => note.kind === "broadening").length,
    narrowing: notes.filter((note) => note.kind === "narrowing").length,
    notable: notes.filter((note) => note.kind === "notable").length,
    statefulLosses: changes.filter((change) => change.statefulLoss !== undefined).length,
  };
}
