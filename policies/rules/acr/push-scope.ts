import { show } from "../../engine/checks";
import { defineRule, fail, pass, unknown } from "../../engine/rule";
import { isUnknown, valueAt } from "../../model/value";
import { AZURERM_2_TO_4 } from "../common/generations";

/** Built-in roles that write to a registry's images, by lower-case name and by role definition GUID (learn.microsoft.com/azure/role-based-access-control/built-in-roles/containers). */
const REGISTRY_WRITE_ROLES: Readonly<Record<string, string | undefined>> = {
  acrpush: "8311e382-0749-4cb8-b61a-304f252e45ec",
  acrdelete: "c2f4ef07-c644-48eb-af81-4b1b4947fb11",
  acrimagesigner: "6cef56e8-d556-48e5-a04f-b8e64114680f",
  "container registry repository writer": "2a1e307c-b015-4ebd-883e-5b7698a07328",
  "container registry repository contributor": undefined,
};
const REGISTRY_WRITE_IDS = new Set(Object.values(REGISTRY_WRITE_ROLES).filter((id): id is string => id !== undefined));
const REGISTRY_SCOPE = /\/providers\/microsoft\.containerregistry\/registries\/[^/]+(\/|$)/i;

export const acrPushScope = defineRule({
  id: "FHI-ACR-009",
  title: "Registry write roles (AcrPush and kin) are granted on one registry, never more broadly",
  severity: "error",
  service: "acr",
  resourceTypes: ["azurerm_role_assignment"],
  generations: AZURERM_2_TO_4,
  applies: (resource) => {
    const name = valueAt(resource.values, "role_definition_name");
    const id = valueAt(resource.values, "role_definition_id");
    return (typeof name === "string" && name.toLowerCase() in REGISTRY_WRITE_ROLES) || (typeof id === "string" && REGISTRY_WRITE_IDS.has(id.split("/").pop()!.toLowerCase()));
  },
  rationale:
    "Whoever can push to the registry can replace the model-server image that every cluster pulls: a push or delete role on a resource group, subscription or management group extends that to every registry there, present and future.",
  remediation: "Assign AcrPush (or the repository writer roles) with scope = the registry's id, to the pipeline identity that builds images only.",
  references: { hipaa: ["164.308(a)(4)(ii)(B)", "164.312(c)(1)"] },
  check: (resource, model) => {
    const registry = model.referencedBy(resource, "scope").find((target) => target.type === "azurerm_container_registry");
    if (registry) return pass(`scoped to ${registry.address}`);
    const scope = valueAt(resource.values, "scope");
    if (typeof scope === "string") return REGISTRY_SCOPE.test(scope) ? pass("scoped to a registry") : fail(`scope ${scope} is broader than one registry`);
    const target = model.referencedBy(resource, "scope")[0];
    if (target) return fail(`scope is ${target.address}, broader than one registry`);
    return unknown(`scope is ${show(isUnknown(scope) ? scope : undefined)}`);
  },
});
