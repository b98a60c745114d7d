import { buildModel, InputError, isPlanJson, readJsonFile, readPlanJson } from "../policies/adapters";
import { ResourceModel } from "../policies/model/model";
import type { Resource } from "../policies/model/resource";
import type { ChangeAction, PolicyDelta, PolicyFinding, ResourceChange } from "./model";
import { stackOf, sortChanges } from "./compare";
import { planScope, policyDelta, type PolicyEvaluator } from "./policy-delta";
import { statefulLoss } from "./replacement/stateful";
import { diffValues, identicalValues } from "./values";

/** A Terraform plan (`terraform show -json`) as read for a review: its resources, planned and prior, in one model. */
export interface ReadPlan {
  readonly file: string;
  readonly document: unknown;
  readonly model: ResourceModel;
}

export interface PlanChanges {
  readonly changes: ResourceChange[];
  readonly unchanged: number;
}

/** The two sides of a plan for the policy delta. */
export interface PlanModels {
  /** The resources as they were before the plan. */
  readonly before: ResourceModel;
  /** The resources as planned. */
  readonly after: ResourceModel;
  /**
   * The resources the plan creates or destroys, or updates or replaces with values that differ: no rule can judge
   * the others differently before and after (unless through a neighbour that changes).
   */
  readonly changed: readonly Resource[];
}

function actionOf(actions: readonly string[]): ChangeAction | undefined {
  if (actions.includes("delete") && actions.includes("create")) return "replace";
  if (actions.includes("create")) return "create";
  if (actions.includes("delete")) return "destroy";
  if (actions.includes("update")) return "update";
  return undefined;
}

/** What the plan does to a resource: undefined for data sources, no-ops and reads. */
const planAction = (resource: Resource) => (resource.mode === "managed" ? actionOf(resource.actions ?? []) : undefined);

/** `replace_paths` of each resource change, as dotted paths (`["network_profile", 0, "pod_cidr"]` -> `network_profile.0.pod_cidr`). */
function replacePaths(document: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const changes = (document as { resource_changes?: unknown }).resource_changes;
  for (const entry of Array.isArray(changes) ? changes : []) {
    const paths = (entry as { change?: { replace_paths?: unknown } })?.change?.replace_paths;
    if (typeof entry?.address !== "string" || !Array.isArray(paths)) continue;
    out.set(entry.address, paths.filter(Array.isArray).map((path: unknown[]) => path.map(String).join(".")));
  }
  return out;
}

/** Reads a plan for a review; InputError when the file is not one. */
export function readPlan(file: string): ReadPlan {
  const { document } = readJsonFile(file);
  if (!isPlanJson(document)) throw new InputError(file, 'not a Terraform plan: expected "format_version" and "resource_changes" (the output of `terraform show -json <planfile>`)');
  return { file, document, model: buildModel(readPlanJson(document, file)) };
}

/** The changes a plan will make: actions, before/after, unknowns and replace paths as the plan says. */
export function planChanges(plan: ReadPlan): PlanChanges {
  const replaces = replacePaths(plan.document);
  const changes: ResourceChange[] = [];
  let unchanged = 0;
  for (const resource of plan.model.resources) {
    const action = planAction(resource);
    if (action === undefined) {
      if (resource.mode === "managed") unchanged++;
      continue;
    }
    const before = action === "create" ? null : (resource.before ?? null);
    const after = action === "destroy" ? null : resource.values;
    const forcing = replaces.get(resource.address) ?? [];
    const attributes = action === "destroy" ? [] : diffValues(before ?? undefined, after ?? undefined);
    const loss = action === "replace" || action === "destroy" ? statefulLoss(resource.type, stackOf(resource), before) : undefined;
    changes.push({
      stack: stackOf(resource),
      address: resource.address,
      type: resource.type,
      action,
      attributes: forcing.length === 0 ? attributes : attributes.map((change) => (forcing.some((path) => change.path === path || change.path.startsWith(`${path}.`)) ? { ...change, forcesReplacement: true } : change)),
      before,
      after,
      ...(action === "replace" ? { replacedBecause: forcing.length > 0 ? forcing : ["the plan replaces it"] } : {}),
      ...(loss !== undefined ? { statefulLoss: loss } : {}),
      security: [],
    });
  }
  return { changes: sortChanges(changes), unchanged };
}

/** The resources before and after the plan, and those it changes. */
export function planModels(plan: ReadPlan): PlanModels {
  const resources = plan.model.resources;
  const prior = resources
    .filter((resource) => resource.before !== undefined && resource.before !== null)
    .map((resource): Resource => ({ ...resource, values: resource.before!, before: undefined, actions: undefined }));
  const planned = resources.filter((resource) => !(resource.actions?.includes("delete") && !resource.actions.includes("create")));
  const changesValues = (resource: Resource) => {
    const action = planAction(resource);
    return action === "create" || action === "destroy" || ((action === "update" || action === "replace") && !identicalValues(resource.before ?? undefined, resource.values));
  };
  return { before: new ResourceModel(prior), after: new ResourceModel(planned), changed: resources.filter(changesValues) };
}

/**
 * The policy delta of a plan: the pack over the resources whose findings the plan can change (`planScope`) on
 * both sides. `keep` selects the findings reported (by stack).
 */
export function planPolicyDelta(plan: ReadPlan, evaluator: PolicyEvaluator, keep?: (finding: PolicyFinding) => boolean): PolicyDelta {
  const { before, after, changed } = planModels(plan);
  const changes = changed.map((resource) => ({ stack: stackOf(resource), address: resource.address, action: planAction(resource)! }));
  return policyDelta(before, after, changes, evaluator, keep, planScope(before, after, changed));
}
