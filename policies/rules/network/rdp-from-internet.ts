import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";
import { NSG_READING, NSG_RULE_TYPES, PORTED_PROTOCOLS, checkInternetExposure } from "../common/nsg";

export const nsgRdpFromInternet = defineRule({
  id: "FHI-NSG-002",
  title: "NSG rules do not allow RDP from the internet",
  severity: "error",
  critical: true,
  service: "network",
  resourceTypes: NSG_RULE_TYPES,
  generations: AZURERM_2_TO_4,
  rationale:
    `RDP open to the internet is a leading ransomware entry point. UDP 3389 fails too (RDP's UDP transport; checkov looks at TCP only), and so does any other protocol but ICMP. ${NSG_READING}`,
  remediation: "Restrict source_address_prefix to the hub or Bastion range, or remove the rule.",
  references: { checkov: ["CKV_AZURE_9"], trivy: ["AVD-AZU-0048"], azurePolicy: ["22730e10-96f6-4aac-ad84-9383d35b5917"], hipaa: ["164.312(e)(1)", "164.312(a)(1)"] },
  check: (resource) => checkInternetExposure(resource, { ports: [3389], protocols: PORTED_PROTOCOLS }, "RDP (3389)"),
});
