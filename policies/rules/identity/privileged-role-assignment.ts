import { show } from "../../engine/checks";
import { defineRule, fail, pass, unknown } from "../../engine/rule";
import { isAbsent, isUnknown, valueAt } from "../../model/value";
import { AZURERM_2_TO_4 } from "../common/generations";

/** Built-in roles that can change resources or grant access, by name and by role definition GUID. */
const PRIVILEGED: Record<string, string> = {
  owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  contributor: "b24988ac-6180-42a0-ab88-20f7388ccb84",
  "user access administrator": "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
  "role based access control administrator": "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
};
const PRIVILEGED_IDS = new Set(Object.values(PRIVILEGED));

export const privilegedRoleAssignment = defineRule({
  id: "FHI-IAM-001",
  title: "No standing Owner, Contributor or access-administrator role assignments",
  severity: "error",
  service: "identity",
  resourceTypes: ["azurerm_role_assignment"],
  generations: AZURERM_2_TO_4,
  rationale: "These roles can read or change everything in their scope, including PHI stores, or grant themselves more; they belong to just-in-time elevation (PIM), not to deployed identities.",
  remediation: "Assign a narrow built-in data or service role (e.g. Key Vault Secrets User, AcrPull) instead; use PIM for people.",
  references: { hipaa: ["164.308(a)(4)(ii)(B)", "164.312(a)(1)"] },
  check: (resource, model) => {
    const name = valueAt(resource.values, "role_definition_name");
    const id = valueAt(resource.values, "role_definition_id");
    if (typeof name === "string") return name.toLowerCase() in PRIVILEGED ? fail(`role_definition_name is ${name}`) : pass(`role ${name}`);
    if (typeof id === "string") {
      const guid = id.split("/").pop()!.toLowerCase();
      return PRIVILEGED_IDS.has(guid) ? fail(`role_definition_id is a privileged built-in role (${guid})`) : pass(`role ${guid}`);
    }
    const custom = model.referencedBy(resource, "role_definition_id").find((target) => target.type === "azurerm_role_definition");
    if (custom) return pass(`custom role ${custom.address} (its permissions are FHI-IAM-002's concern)`);
    if (isUnknown(name) || isUnknown(id)) return unknown(`the role is ${show(isUnknown(name) ? name : id)}`);
    return isAbsent(name) && isAbsent(id) ? fail("no role_definition_name or role_definition_id") : pass("role set");
  },
});
