import { defineRule, fail, pass, unknown } from "../../engine/rule";
import { valueAt } from "../../model/value";
import { AZURERM_2_TO_4 } from "../common/generations";
import { permissionsOf } from "../common/roles";

export const customRoleWildcard = defineRule({
  id: "FHI-IAM-002",
  title: "Custom roles do not grant wildcard actions",
  severity: "error",
  service: "identity",
  resourceTypes: ["azurerm_role_definition"],
  generations: AZURERM_2_TO_4,
  rationale:
    "A custom role with `*` actions is Owner under another name, and grows with every new Azure permission; a role assignable at the root scope (`/`) with any wildcard action (`Microsoft.Storage/*`) grows the same way across every subscription of the tenant.",
  remediation: "List the specific actions (and data actions) the role needs; keep assignable_scopes to the subscriptions or resource groups that use it.",
  references: { checkov: ["CKV_AZURE_39"], trivy: ["AVD-AZU-0030"], hipaa: ["164.308(a)(4)(ii)(B)", "164.312(a)(1)"] },
  check: (resource) => {
    const permissions = permissionsOf(resource);
    if (!permissions) return unknown("permissions come from an expression");
    const everything = [...permissions.actions, ...permissions.dataActions].filter((action) => action.trim() === "*");
    if (everything.length > 0) return fail('permissions include "*"');
    const scopes = valueAt(resource.values, "assignable_scopes");
    const atRoot = Array.isArray(scopes) && scopes.some((scope) => typeof scope === "string" && scope.trim() === "/");
    const wildcards = permissions.actions.filter((action) => action.includes("*"));
    if (atRoot && wildcards.length > 0) return fail(`wildcard action(s) ${wildcards.join(", ")} assignable at the root scope /`);
    return permissions.undecided ? unknown("actions use expressions") : pass(`${permissions.actions.length + permissions.dataActions.length} action(s), no "*"`);
  },
});
