import type { Resource } from "../../model/resource";
import { isUnknown, Unknown, valueAt, type Value } from "../../model/value";

/** The ARM resource type of an `azapi_resource`, lower-cased and without the API version. */
export function armType(resource: Resource): string | undefined {
  const type = resource.values.type;
  return typeof type === "string" ? type.split("@")[0].toLowerCase() : undefined;
}

/** An applicability test for `azapi_resource`s of one ARM type, e.g. `Microsoft.MachineLearningServices/workspaces`. */
export function isArmType(type: string): (resource: Resource) => boolean {
  return (resource) => resource.type !== "azapi_resource" || armType(resource) === type.toLowerCase();
}

/** The request body: an object (azapi 2.x), a JSON string (azapi 1.x), or Unknown (built by an expression). */
export function body(resource: Resource): Value | undefined {
  const raw = resource.values.body;
  if (typeof raw !== "string") return raw;
  try {
    return JSON.parse(raw) as Value;
  } catch {
    return new Unknown("body is not JSON");
  }
}

/** A value inside the body, e.g. `properties.publicNetworkAccess`. */
export function bodyValue(resource: Resource, path: string): Value | undefined {
  const root = body(resource);
  return isUnknown(root) ? root : valueAt(root, path);
}
