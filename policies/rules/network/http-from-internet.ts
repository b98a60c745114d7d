import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";
import { NSG_READING, NSG_RULE_TYPES, PORTED_PROTOCOLS, checkInternetExposure } from "../common/nsg";

export const nsgHttpFromInternet = defineRule({
  id: "FHI-NSG-003",
  title: "NSG rules do not allow plain HTTP from the internet",
  severity: "error",
  service: "network",
  resourceTypes: NSG_RULE_TYPES,
  generations: AZURERM_2_TO_4,
  rationale: `Plain HTTP carries requests and responses unencrypted; public traffic enters through the TLS-terminating edge only. Any protocol but ICMP counts (checkov looks at TCP only). ${NSG_READING}`,
  remediation: "Remove the rule, or allow 443 from the edge's service tag instead.",
  references: { checkov: ["CKV_AZURE_160"], hipaa: ["164.312(e)(1)", "164.312(e)(2)(ii)"] },
  check: (resource) => checkInternetExposure(resource, { ports: [80], protocols: PORTED_PROTOCOLS }, "HTTP (80)"),
});
