import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";
import { NSG_READING, NSG_RULE_TYPES, checkInternetExposure } from "../common/nsg";

export const nsgUdpFromInternet = defineRule({
  id: "FHI-NSG-005",
  title: "NSG rules do not allow UDP from the internet",
  severity: "error",
  service: "network",
  resourceTypes: NSG_RULE_TYPES,
  generations: AZURERM_2_TO_4,
  rationale:
    `UDP services exposed to the internet are abused for amplification attacks and leak data through DNS-like channels. A rule for any protocol (*) allows UDP too, and source prefix lists count (checkov reads protocol Udp and a single source prefix only). ${NSG_READING}`,
  remediation: "Remove the rule or restrict its source to known ranges.",
  references: { checkov: ["CKV_AZURE_77"], hipaa: ["164.312(e)(1)"] },
  check: (resource) => checkInternetExposure(resource, { protocols: ["udp"] }, "UDP"),
});
