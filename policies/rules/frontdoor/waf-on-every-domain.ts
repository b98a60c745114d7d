import { defineRule, fail, pass } from "../../engine/rule";
import { AZURERM_3_TO_4 } from "../common/generations";

const SECURITY_POLICY_DOMAIN = "security_policies.firewall.association.domain.cdn_frontdoor_domain_id";

export const frontDoorWafOnEveryDomain = defineRule({
  id: "FHI-AFD-001",
  title: "Every Front Door domain is protected by a WAF policy",
  severity: "error",
  critical: true,
  service: "frontdoor",
  resourceTypes: ["azurerm_cdn_frontdoor_endpoint", "azurerm_cdn_frontdoor_custom_domain"],
  generations: AZURERM_3_TO_4,
  rationale: "Front Door is the public door to the clinical API; a domain without a WAF lets injection, scanners and bots reach the gateway that holds patient data.",
  remediation: "Add the domain's id to an azurerm_cdn_frontdoor_security_policy (security_policies.firewall.association.domain) that names an azurerm_cdn_frontdoor_firewall_policy.",
  references: { hipaa: ["164.312(e)(1)", "164.308(a)(1)(ii)(B)"] },
  check: (resource, model) => {
    const policies = model.referrers(resource, { types: ["azurerm_cdn_frontdoor_security_policy"], path: SECURITY_POLICY_DOMAIN });
    return policies.length > 0
      ? pass(`covered by ${policies.map((policy) => policy.resource.address).join(", ")}`)
      : fail("no azurerm_cdn_frontdoor_security_policy in the input binds a WAF policy to it");
  },
});
