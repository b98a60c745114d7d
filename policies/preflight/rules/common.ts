import type { ResourceModel } from "../../model/model";
import type { Resource } from "../../model/resource";
import { isUnknown, valueAt } from "../../model/value";

/** The resource `resource` refers to at `path`, of one of `types`. */
export function referencedAt(model: ResourceModel, resource: Resource, path: string, types: readonly string[]): Resource | undefined {
  return model.referencedBy(resource, path).find((target) => types.includes(target.type));
}

/** An azapi resource's ARM type without the API version, lower-case, e.g. `microsoft.keyvault/vaults/keys`; a plan's destroy has it only in `before`. */
export function armType(resource: Resource): string | undefined {
  const type = resource.values.type ?? resource.before?.type;
  return typeof type === "string" ? type.split("@")[0].toLowerCase() : undefined;
}

/** True for a plan resource that Terraform will create (a config-only input is judged as a first apply). */
export function isCreated(resource: Resource): boolean {
  return resource.actions === undefined || resource.actions.includes("create");
}

/** A literal string at `path`, lower-cased; undefined when absent or unknown. */
export function lowerAt(resource: Resource, path: string): string | undefined {
  const value = valueAt(resource.values, path);
  return typeof value === "string" && !isUnknown(value) ? value.toLowerCase() : undefined;
}
