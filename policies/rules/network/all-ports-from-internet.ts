import { defineRule } from "../../engine/rule";
import { checkInternetExposure } from "../common/nsg";

export const nsgAllPortsFromInternet = defineRule({
  id: "FHI-NSG-004",
  title: "NSG rules do not allow all ports from the internet",
  severity: "error",
  critical: true,
  service: "network",
  resourceTypes: ["azurerm_network_security_group", "azurerm_network_security_rule"],
  rationale: "An allow-all rule from the internet removes the network boundary of everything in the subnet.",
  remediation: "Replace the rule with rules for the specific ports and sources needed.",
  references: { trivy: ["AVD-AZU-0047"], hipaa: ["164.312(e)(1)", "164.312(a)(1)"] },
  check: (resource) => checkInternetExposure(resource, { allPorts: true, protocols: ["tcp", "udp", "icmp"] }, "every port"),
});
