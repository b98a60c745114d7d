import { oneOf } from "../../engine/checks";
import type { Verdict } from "../../engine/rule";
import type { Resource } from "../../model/resource";
import { isUnknown } from "../../model/value";
import { armType, bodyValue, expectEither } from "./azapi";

export const AML_WORKSPACE = "Microsoft.MachineLearningServices/workspaces";
export const AML_COMPUTE = "Microsoft.MachineLearningServices/workspaces/computes";
export const AML_ONLINE_ENDPOINT = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints";
export const AML_ONLINE_DEPLOYMENT = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments";

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
