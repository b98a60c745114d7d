import { expectSetting, show, type ExpectSetting } from "../../engine/checks";
import { fail, pass, unknown, type Verdict } from "../../engine/rule";
import type { Resource } from "../../model/resource";
import { isAbsent, isUnknown, Unknown, valueAt, type Value } from "../../model/value";

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

/** How one control reads on the azapi form: a path in the ARM body and what it must hold. */
export interface ArmSetting {
  readonly path: string;
  readonly ok: (value: Value) => boolean;
  readonly want: string;
  /** ARM's default when the property is not sent. */
  readonly whenAbsent: boolean;
}

/** Checks an ARM body property of an azapi resource. */
export function expectArm(resource: Resource, setting: ArmSetting): Verdict {
  const value = bodyValue(resource, setting.path);
  const where = `body.${setting.path}`;
  if (isUnknown(value)) return unknown(`${where} is ${show(value)}; it must be ${setting.want}`);
  if (isAbsent(value)) return setting.whenAbsent ? pass(`${where} is not set; the ARM default complies`) : fail(`${where} is not set; it must be ${setting.want}`);
  return setting.ok(value) ? pass(`${where} is ${show(value)}`) : fail(`${where} is ${show(value)}; it must be ${setting.want}`);
}

/** One control over both forms of a resource: azurerm attributes, or the azapi body. */
export function expectEither(resource: Resource, azurerm: ExpectSetting, arm: ArmSetting): Verdict {
  return resource.type === "azapi_resource" ? expectArm(resource, arm) : expectSetting(resource, azurerm);
}
