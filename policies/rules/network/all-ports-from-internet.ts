import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";
import { NSG_READING, NSG_RULE_TYPES, PORTED_PROTOCOLS, checkInternetExposure } from "../common/nsg";

export const nsgAllPortsFromInternet = defineRule({
  id: "FHI-NSG-004",
  title: "NSG rules do not allow all ports from the internet",
  severity: "error",
  critical: true,
  service: "network",
  resourceTypes: NSG_RULE_TYPES,
  generations: AZURERM_2_TO_4,
  rationale: `An allow-all rule from the internet removes the network boundary of everything in the subnet. ${NSG_READING}`,
  remediation: "Replace the rule with rules for the specific ports and sources needed.",
  references: { hipaa: ["164.312(e)(1)", "164.312(a)(1)"] },
  check: (resource) => checkInternetExposure(resource, { allPorts: true, protocols: PORTED_PROTOCOLS }, "every port"),
});
