import { defineRule, fail, pass, unknown } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";
import { grants, permissionsOf } from "../common/roles";

/** Control-plane operations that let the holder grant access, to itself included. */
const ESCALATING_OPERATIONS = [
  "Microsoft.Authorization/roleAssignments/write",
  "Microsoft.Authorization/roleDefinitions/write",
  "Microsoft.Authorization/elevateAccess/action",
];

export const customRoleEscalation = defineRule({
  id: "FHI-IAM-003",
  title: "Custom roles cannot write role assignments or role definitions",
  severity: "error",
  critical: true,
  service: "identity",
  resourceTypes: ["azurerm_role_definition"],
  generations: AZURERM_2_TO_4,
  rationale:
    "Whoever may write role assignments or definitions can give themselves any permission, PHI data access included: a custom role carrying them is an access administrator under another name, outside the review that built-in privileged roles get. Wildcards count (`Microsoft.Authorization/*`, `*/write`, `*`) unless not_actions take the operation back.",
  remediation: "Remove Microsoft.Authorization write actions from the role; grant access administration through the built-in Role Based Access Control Administrator role with conditions, via PIM.",
  references: { hipaa: ["164.308(a)(4)(ii)(B)", "164.308(a)(3)(ii)(A)", "164.312(a)(1)"] },
  check: (resource) => {
    const permissions = permissionsOf(resource);
    if (!permissions) return unknown("permissions come from an expression");
    const granted = ESCALATING_OPERATIONS.filter((operation) => grants(permissions, operation));
    if (granted.length > 0) return fail(`actions grant ${granted.join(", ")}`);
    return permissions.undecided ? unknown("actions use expressions") : pass("no role assignment or role definition writes");
  },
});
