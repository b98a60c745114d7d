import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";
import { NSG_READING, NSG_RULE_TYPES, PORTED_PROTOCOLS, checkInternetExposure } from "../common/nsg";

export const nsgSshFromInternet = defineRule({
  id: "FHI-NSG-001",
  title: "NSG rules do not allow SSH from the internet",
  severity: "error",
  critical: true,
  service: "network",
  resourceTypes: NSG_RULE_TYPES,
  generations: AZURERM_2_TO_4,
  rationale:
    `SSH open to the internet is brute-forced within minutes; administrative access goes through Bastion or the hub. A rule counts whatever its protocol except ICMP, as trivy reads it: the pack does not reason about which transport a service uses on its port. ${NSG_READING}`,
  remediation: "Restrict source_address_prefix to the hub or Bastion range, or remove the rule.",
  references: { checkov: ["CKV_AZURE_10"], trivy: ["AVD-AZU-0050"], azurePolicy: ["22730e10-96f6-4aac-ad84-9383d35b5917"], hipaa: ["164.312(e)(1)", "164.312(a)(1)"] },
  check: (resource) => checkInternetExposure(resource, { ports: [22], protocols: PORTED_PROTOCOLS }, "SSH (22)"),
});
