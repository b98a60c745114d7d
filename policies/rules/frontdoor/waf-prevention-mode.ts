import { all, expectBoolean, expectOneOf } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_3_TO_4 } from "../common/generations";

export const frontDoorWafPrevention = defineRule({
  id: "FHI-AFD-002",
  title: "Front Door WAF policy is enabled in Prevention mode",
  severity: "error",
  critical: true,
  service: "frontdoor",
  resourceTypes: ["azurerm_cdn_frontdoor_firewall_policy"],
  generations: AZURERM_3_TO_4,
  rationale: "In Detection mode the WAF only logs the attacks it sees; requests carrying exploits still reach the gateway and the model.",
  remediation: 'Set mode = "Prevention" and enabled = true.',
  references: { hipaa: ["164.312(e)(1)", "164.308(a)(1)(ii)(B)"] },
  check: (resource) =>
    all([
      expectOneOf(resource, ["mode"], ["Prevention"], false),
      expectBoolean(resource, ["enabled"], true, true),
    ]),
});
