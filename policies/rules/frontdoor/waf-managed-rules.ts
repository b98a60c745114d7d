import { defineRule, fail, pass, unknown } from "../../engine/rule";
import { blocksAt, isUnknown, isValueObject } from "../../model/value";
import { oneOf } from "../../engine/checks";
import { AZURERM_3_TO_4 } from "../common/generations";

/** The Microsoft-managed OWASP-style rule sets of Front Door Premium. */
const DEFAULT_RULE_SETS = ["Microsoft_DefaultRuleSet", "DefaultRuleSet"];

export const frontDoorWafManagedRules = defineRule({
  id: "FHI-AFD-003",
  title: "Front Door WAF policy runs the Microsoft default rule set",
  severity: "error",
  service: "frontdoor",
  resourceTypes: ["azurerm_cdn_frontdoor_firewall_policy"],
  generations: AZURERM_3_TO_4,
  rationale: "Without the managed rule set the WAF has only custom rules: SQL injection, XSS and protocol attacks pass unexamined.",
  remediation: 'Add a managed_rule block with type = "Microsoft_DefaultRuleSet" (2.x) and action = "Block" (Premium SKU).',
  references: { hipaa: ["164.312(e)(1)", "164.308(a)(1)(ii)(B)"] },
  check: (resource) => {
    const rules = blocksAt(resource.values, "managed_rule");
    if (isUnknown(rules)) return unknown(`managed_rule comes from an expression (${rules.why})`);
    const types = rules.map((rule) => (isValueObject(rule) ? rule.type : undefined));
    if (types.some(isUnknown)) return unknown("a managed rule set type comes from an expression");
    const found = types.filter((type): type is string => oneOf(...DEFAULT_RULE_SETS)(type ?? null));
    return found.length > 0 ? pass(`managed rule set ${found.join(", ")}`) : fail(`no managed_rule of type ${DEFAULT_RULE_SETS.join(" or ")}`);
  },
});
