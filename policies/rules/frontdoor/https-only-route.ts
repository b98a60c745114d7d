import { all, expectBoolean, expectOneOf, sameText } from "../../engine/checks";
import { defineRule, pass, unknown, type Verdict } from "../../engine/rule";
import type { Resource } from "../../model/resource";
import { isUnknown, valueAt } from "../../model/value";
import { AZURERM_3_TO_4 } from "../common/generations";

/** HTTP may be accepted only to be redirected to HTTPS. */
function httpRedirected(resource: Resource): Verdict {
  const protocols = valueAt(resource.values, "supported_protocols");
  if (isUnknown(protocols)) return unknown(`supported_protocols is an expression (${protocols.why})`);
  if (Array.isArray(protocols) && !protocols.some((protocol) => sameText(protocol, "Http"))) return pass("HTTP is not accepted");
  return expectBoolean(resource, ["https_redirect_enabled"], true, true);
}

export const frontDoorHttpsOnlyRoute = defineRule({
  id: "FHI-AFD-004",
  title: "Front Door routes forward over HTTPS only and redirect HTTP",
  severity: "error",
  critical: true,
  service: "frontdoor",
  resourceTypes: ["azurerm_cdn_frontdoor_route"],
  generations: AZURERM_3_TO_4,
  rationale: "Requests and completions carry PHI; neither the client leg nor the leg to the origin may ever travel in clear text.",
  remediation: 'Set forwarding_protocol = "HttpsOnly" and https_redirect_enabled = true (or supported_protocols = ["Https"]).',
  references: { hipaa: ["164.312(e)(1)", "164.312(e)(2)(ii)"] },
  check: (resource) =>
    all([
      // The provider's default is MatchRequest, which forwards plain HTTP as plain HTTP.
      expectOneOf(resource, ["forwarding_protocol"], ["HttpsOnly"], false),
      httpRedirected(resource),
    ]),
});
