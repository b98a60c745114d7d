import { show } from "../../engine/checks";
import { defineRule, fail, pass, unknown } from "../../engine/rule";
import { isAbsent, isUnknown, valueAt } from "../../model/value";
import { AZURERM_2_TO_4 } from "../common/generations";
import { PRIVILEGED_BUILT_IN_ROLES } from "../common/roles";

const PRIVILEGED_NAMES = new Set([...PRIVILEGED_BUILT_IN_ROLES.values()].map((name) => name.toLowerCase()));

export const privilegedRoleAssignment = defineRule({
  id: "FHI-IAM-001",
  title: "No standing Owner, Contributor or access-administrator role assignments",
  severity: "error",
  service: "identity",
  resourceTypes: ["azurerm_role_assignment"],
  generations: AZURERM_2_TO_4,
  rationale:
    "These roles can read or change everything in their scope, including PHI stores, or grant themselves more; they belong to just-in-time elevation (PIM), not to deployed identities. Assignments are judged by role_definition_name or by the built-in role definition GUID in role_definition_id (learn.microsoft.com/azure/role-based-access-control/built-in-roles/privileged).",
  remediation: "Assign a narrow built-in data or service role (e.g. Key Vault Secrets User, AcrPull) instead; use PIM for people.",
  references: { hipaa: ["164.308(a)(4)(ii)(B)", "164.312(a)(1)"] },
  check: (resource, model) => {
    const name = valueAt(resource.values, "role_definition_name");
    const id = valueAt(resource.values, "role_definition_id");
    if (typeof name === "string") return PRIVILEGED_NAMES.has(name.toLowerCase()) ? fail(`role_definition_name is ${name}`) : pass(`role ${name}`);
    if (typeof id === "string") {
      const guid = id.split("/").pop()!.toLowerCase();
      const privileged = PRIVILEGED_BUILT_IN_ROLES.get(guid);
      return privileged ? fail(`role_definition_id is the built-in ${privileged} role (${guid})`) : pass(`role ${guid}`);
    }
    const custom = model.referencedBy(resource, "role_definition_id").find((target) => target.type === "azurerm_role_definition");
    if (custom) return pass(`custom role ${custom.address} (its permissions are FHI-IAM-002's concern)`);
    if (isUnknown(name) || isUnknown(id)) return unknown(`the role is ${show(isUnknown(name) ? name : id)}`);
    return isAbsent(name) && isAbsent(id) ? fail("no role_definition_name or role_definition_id") : pass("role set");
  },
});
