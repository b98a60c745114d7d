import type { ChangeAction, Review, ResourceChange, SecurityKind, SecurityNote } from "../model";

export const MARKERS: Readonly<Record<ChangeAction, string>> = { create: "[+]", update: "[~]", replace: "[-/+]", destroy: "[-]", move: "[>]" };

/** "3 to add, 1 to change, 1 to replace, 0 to destroy in 2 stacks": Terraform's words, the plan line reviewers know. */
export function countsLine(review: Review): string {
  const s = review.summary;
  const moved = s.move > 0 ? `, ${s.move} moved` : "";
  return `${s.create} to add, ${s.update} to change, ${s.replace} to replace, ${s.destroy} to destroy${moved} in ${s.stacks} stack(s); ${s.unchanged} unchanged`;
}

export function securityLine(review: Review): string {
  const s = review.summary;
  return `${s.broadening} broadening, ${s.narrowing} narrowing, ${s.notable} notable security-relevant change(s)`;
}

export const KIND_ORDER: readonly SecurityKind[] = ["broadening", "notable", "narrowing"];

export interface SecurityRow {
  readonly change: ResourceChange;
  readonly note: SecurityNote;
}

/** Security notes grouped by resource type (one scrutiny table per type), broadening first within each. */
export function securityByType(review: Review): Map<string, SecurityRow[]> {
  const groups = new Map<string, SecurityRow[]>();
  for (const change of review.changes) {
    for (const note of change.security) groups.set(change.type, [...(groups.get(change.type) ?? []), { change, note }]);
  }
  for (const rows of groups.values()) rows.sort((a, b) => KIND_ORDER.indexOf(a.note.kind) - KIND_ORDER.indexOf(b.note.kind));
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b)));
}

export function groupByStack(changes: readonly ResourceChange[]): Map<string, ResourceChange[]> {
  const stacks = new Map<string, ResourceChange[]>();
  for (const change of changes) stacks.set(change.stack, [...(stacks.get(change.stack) ?? []), change]);
  return stacks;
}

export function replacementText(change: ResourceChange): string {
  return change.replacedBecause && change.replacedBecause.length > 0 ? `requires replacement (${change.replacedBecause.join(", ")})` : "requires replacement";
}
