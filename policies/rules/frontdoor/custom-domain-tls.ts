import { expectSetting } from "../../engine/checks";
import { defineRule } from "../../engine/rule";

export const frontDoorCustomDomainTls = defineRule({
  id: "FHI-AFD-005",
  title: "Front Door custom domains require TLS 1.2 or later",
  severity: "error",
  critical: true,
  service: "frontdoor",
  resourceTypes: ["azurerm_cdn_frontdoor_custom_domain"],
  rationale: "TLS 1.0 and 1.1 have known weaknesses and are not acceptable for health data in transit.",
  remediation: 'Set tls { minimum_tls_version = "TLS12" } (the provider default).',
  references: { hipaa: ["164.312(e)(2)(ii)"] },
  check: (resource) =>
    expectSetting(resource, { paths: ["tls.minimum_tls_version"], ok: (value) => value === "TLS12" || value === "TLS13", want: '"TLS12"', whenAbsent: true }),
});
