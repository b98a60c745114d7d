import { expectSetting, oneOf, show, type ExpectSetting } from "../../engine/checks";
import { fail, pass, unknown, type Verdict } from "../../engine/rule";
import type { Resource } from "../../model/resource";
import { isAbsent, isUnknown, type Value } from "../../model/value";
import { armType, bodyValue } from "./azapi";

export const AML_WORKSPACE = "Microsoft.MachineLearningServices/workspaces";
export const AML_COMPUTE = "Microsoft.MachineLearningServices/workspaces/computes";
export const AML_ONLINE_ENDPOINT = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints";
export const AML_ONLINE_DEPLOYMENT = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments";

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

/** azurerm compute resources, or azapi computes whose `properties.computeType` is one of `computeTypes`. */
export function isAmlCompute(...computeTypes: string[]): (resource: Resource) => boolean {
  return (resource) => {
    if (resource.type !== "azapi_resource") return true;
    if (armType(resource) !== AML_COMPUTE.toLowerCase()) return false;
    const computeType = bodyValue(resource, "properties.computeType");
    return isUnknown(computeType) || oneOf(...computeTypes)(computeType ?? null);
  };
}

/** The workspace's managed network isolation mode must be one of `allowed`, in either form. */
export function expectIsolationMode(resource: Resource, allowed: readonly string[]): Verdict {
  const ok = oneOf(...allowed);
  const want = allowed.map((mode) => `"${mode}"`).join(" or ");
  return expectEither(resource, { paths: ["managed_network.isolation_mode"], ok, want, whenAbsent: false }, { path: "properties.managedNetwork.isolationMode", ok, want, whenAbsent: false });
}
