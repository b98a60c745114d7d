import { expectOneOf } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_3_TO_4 } from "../common/generations";

export const frontDoorCustomDomainTls = defineRule({
  id: "FHI-AFD-005",
  title: "Front Door custom domains require TLS 1.2 or later",
  severity: "error",
  critical: true,
  service: "frontdoor",
  resourceTypes: ["azurerm_cdn_frontdoor_custom_domain"],
  generations: AZURERM_3_TO_4,
  rationale: "TLS 1.0 and 1.1 have known weaknesses and are not acceptable for health data in transit.",
  remediation: 'Set tls { minimum_tls_version = "TLS12" } (the provider default).',
  references: { hipaa: ["164.312(e)(2)(ii)"] },
  check: (resource) =>
    expectOneOf(resource, ["tls.minimum_tls_version"], ["TLS12", "TLS13"], true),
});
