import { buildModel, InputError, isPlanJson, readJsonFile, readPlanJson } from "../policies/adapters";
import { ResourceModel, type Resource } from "../policies/model";
import type { ChangeAction, ResourceChange } from "./model";
import { stackOf, sortChanges } from "./compare";
import { statefulLoss } from "./replacement/stateful";
import { diffValues } from "./values";

export interface PlanChanges {
  readonly changes: ResourceChange[];
  readonly unchanged: number;
  /** The resources as they were before the plan (for the policy delta). */
  readonly before: ResourceModel;
  /** The resources as planned. */
  readonly after: ResourceModel;
  /** The resources the plan creates, updates, replaces or destroys. */
  readonly changed: readonly Resource[];
}

function actionOf(actions: readonly string[]): ChangeAction | undefined {
  if (actions.includes("delete") && actions.includes("create")) return "replace";
  if (actions.includes("create")) return "create";
  if (actions.includes("delete")) return "destroy";
  if (actions.includes("update")) return "update";
  return undefined;
}

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

/** The changes a Terraform plan (`terraform show -json`) will make: actions, before/after, unknowns and replace paths as the plan says. */
export function changesFromPlan(file: string): PlanChanges {
  const { document } = readJsonFile(file);
  if (!isPlanJson(document)) throw new InputError(file, 'not a Terraform plan: expected "format_version" and "resource_changes" (the output of `terraform show -json <planfile>`)');
  const model = buildModel(readPlanJson(document, file));
  const replaces = replacePaths(document);
  const changes: ResourceChange[] = [];
  const changed: Resource[] = [];
  let unchanged = 0;
  for (const resource of model.resources) {
    const action = resource.mode === "managed" ? actionOf(resource.actions ?? []) : undefined;
    if (action === undefined) {
      if (resource.mode === "managed") unchanged++;
      continue;
    }
    changed.push(resource);
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
      attributes: attributes.map((change) => (forcing.some((path) => change.path === path || change.path.startsWith(`${path}.`)) ? { ...change, forcesReplacement: true } : change)),
      before,
      after,
      ...(action === "replace" ? { replacedBecause: forcing.length > 0 ? forcing : ["the plan replaces it"] } : {}),
      ...(loss !== undefined ? { statefulLoss: loss } : {}),
      security: [],
    });
  }
  const prior = model.resources
    .filter((resource) => resource.before !== undefined && resource.before !== null)
    .map((resource): Resource => ({ ...resource, values: resource.before!, before: undefined, actions: undefined }));
  const planned = model.resources.filter((resource) => !(resource.actions?.includes("delete") && !resource.actions.includes("create")));
  return { changes: sortChanges(changes), unchanged, before: new ResourceModel(prior), after: new ResourceModel(planned), changed };
}
