import { defineRule } from "../../engine/rule";
import { checkInternetExposure } from "../common/nsg";

export const nsgUdpFromInternet = defineRule({
  id: "FHI-NSG-005",
  title: "NSG rules do not allow UDP from the internet",
  severity: "error",
  service: "network",
  resourceTypes: ["azurerm_network_security_group", "azurerm_network_security_rule"],
  rationale: "UDP services exposed to the internet are abused for amplification attacks and leak data through DNS-like channels.",
  remediation: "Remove the rule or restrict its source to known ranges.",
  references: { checkov: ["CKV_AZURE_77"], hipaa: ["164.312(e)(1)"] },
  check: (resource) => checkInternetExposure(resource, { protocols: ["udp"] }, "UDP"),
});
