import { defineRule, fail, pass, unknown } from "../../engine/rule";
import { blocksAt, containsUnknown, isUnknown, isValueObject } from "../../model/value";

export const customRoleWildcard = defineRule({
  id: "FHI-IAM-002",
  title: "Custom roles do not grant wildcard actions",
  severity: "error",
  service: "identity",
  resourceTypes: ["azurerm_role_definition"],
  rationale: "A custom role with `*` actions is Owner under another name, and grows with every new Azure permission.",
  remediation: "List the specific actions (and data actions) the role needs.",
  references: { checkov: ["CKV_AZURE_39"], trivy: ["AVD-AZU-0030"], hipaa: ["164.308(a)(4)(ii)(B)", "164.312(a)(1)"] },
  check: (resource) => {
    const permissions = blocksAt(resource.values, "permissions");
    if (isUnknown(permissions)) return unknown("permissions come from an expression");
    const actions = permissions.flatMap((block) => (isValueObject(block) ? [block.actions, block.data_actions].flatMap((list) => (Array.isArray(list) ? list : [])) : []));
    if (actions.some((action) => action === "*")) return fail('permissions include "*"');
    return actions.some(containsUnknown) ? unknown("actions use expressions") : pass(`${actions.length} explicit action(s)`);
  },
});
