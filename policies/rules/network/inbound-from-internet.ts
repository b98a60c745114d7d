import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";
import { NSG_READING, NSG_RULE_TYPES, PORTED_PROTOCOLS, checkInternetExposure } from "../common/nsg";

export const nsgInboundFromInternet = defineRule({
  id: "FHI-NSG-007",
  title: "NSG rules do not allow inbound traffic from any address",
  severity: "error",
  service: "network",
  resourceTypes: NSG_RULE_TYPES,
  generations: AZURERM_2_TO_4,
  rationale:
    `Patient-facing traffic enters through the WAF-protected edge (Front Door) and reaches workloads over private links: no subnet should accept connections from any address, on any port. Where an internet-facing appliance needs it (an Application Gateway's listener), suppress this finding for that rule with the design decision as reason. ${NSG_READING}`,
  remediation: "Restrict the rule's source to the edge's service tag (AzureFrontDoor.Backend), the hub or known ranges, or remove it.",
  references: { trivy: ["AVD-AZU-0047"], hipaa: ["164.312(e)(1)", "164.312(a)(1)"] },
  check: (resource) => checkInternetExposure(resource, { protocols: [...PORTED_PROTOCOLS, "icmp"] }, "inbound traffic"),
});
