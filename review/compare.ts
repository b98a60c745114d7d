import type { Resource, ResourceModel } from "../policies/model";
import { matchResources, type Side } from "./match";
import type { AttributeChange, ChangeAction, ResourceChange } from "./model";
import { forceNewPaths } from "./replacement/force-new";
import { statefulLoss } from "./replacement/stateful";
import { diffValues, ExpressionSource, mapUnknowns } from "./values";

/** The stack a resource belongs to: its cdktf stack, or one pseudo-stack for plain Terraform JSON. */
export function stackOf(resource: Resource): string {
  return resource.source.stack ?? (resource.source.kind === "plan" ? "plan" : "terraform");
}

/** Keeps the stacks of the named environments (stack names start with `<env>-`); all when none are named. */
export function inEnvironments(stack: string, environments: readonly string[]): boolean {
  return environments.length === 0 || environments.some((environment) => stack.startsWith(`${environment}-`));
}

interface Entry extends Side {
  readonly resource: Resource;
}

const ACTION_ORDER: readonly ChangeAction[] = ["destroy", "replace", "create", "update", "move"];

/** `localeCompare`'s order, with the collator made once rather than once per comparison (equal strings need none). */
const collator = new Intl.Collator();
const byLocale = (a: string, b: string) => (a === b ? 0 : collator.compare(a, b));

export function sortChanges(changes: ResourceChange[]): ResourceChange[] {
  return changes.sort((a, b) => byLocale(a.stack, b.stack) || ACTION_ORDER.indexOf(a.action) - ACTION_ORDER.indexOf(b.action) || byLocale(a.address, b.address));
}

/** The change of a resource that exists on both sides, or undefined when nothing about it differs. */
function pairChange(base: Entry, head: Entry, rename: (expression: string) => string): ResourceChange | undefined {
  const before = mapUnknowns(base.values, rename) as typeof base.values;
  const diff = diffValues(before, head.values);
  if (diff.length === 0 && base.address === head.address) return undefined;
  const forcing = new Set(forceNewPaths(head.type, diff, head.values));
  const attributes: AttributeChange[] = diff.map((change) => (forcing.has(change.path) ? { ...change, forcesReplacement: true } : change));
  const action: ChangeAction = forcing.size > 0 ? "replace" : diff.length > 0 ? "update" : "move";
  return {
    stack: head.stack,
    address: head.address,
    ...(base.address !== head.address ? { previousAddress: base.address } : {}),
    type: head.type,
    action,
    attributes,
    before,
    after: head.values,
    ...(action === "replace" ? { replacedBecause: [...forcing] } : {}),
    ...(action === "replace" ? withLoss(head, before) : {}),
    security: [],
  };
}

function withLoss(entry: Entry, values: Entry["values"]): { statefulLoss?: string } {
  const loss = statefulLoss(entry.type, entry.stack, values);
  return loss === undefined ? {} : { statefulLoss: loss };
}

/**
 * Compares two synthesized outputs stack by stack. Resources are paired across logical-ID renames (see
 * match.ts); replacement comes from the force-new table.
 */
export function compareModels(base: ResourceModel, head: ResourceModel, environments: readonly string[] = []): { changes: ResourceChange[]; unchanged: number } {
  const expressions = new ExpressionSource();
  const entries = (model: ResourceModel): Entry[] =>
    model.resources
      .filter((resource) => resource.mode === "managed" && inEnvironments(stackOf(resource), environments))
      .map((resource) => ({
        resource,
        stack: stackOf(resource),
        address: resource.address,
        type: resource.type,
        name: resource.address.slice(resource.type.length + 1),
        constructPath: resource.source.constructPath,
        values: expressions.valuesOf(resource),
      }));
  const matching = matchResources(entries(base), entries(head));
  const changes: ResourceChange[] = [];
  let unchanged = 0;
  for (const [before, after] of matching.pairs) {
    const change = pairChange(before, after, matching.rename);
    if (change) changes.push(change);
    else unchanged++;
  }
  for (const created of matching.created) {
    changes.push({ stack: created.stack, address: created.address, type: created.type, action: "create", attributes: diffValues(undefined, created.values), before: null, after: created.values, security: [] });
  }
  for (const destroyed of matching.destroyed) {
    changes.push({ stack: destroyed.stack, address: destroyed.address, type: destroyed.type, action: "destroy", attributes: [], before: destroyed.values, after: null, ...withLoss(destroyed, destroyed.values), security: [] });
  }
  return { changes: sortChanges(changes), unchanged };
}
