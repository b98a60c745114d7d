import { defineRule } from "../../engine/rule";
import { checkInternetExposure } from "../common/nsg";

export const nsgHttpFromInternet = defineRule({
  id: "FHI-NSG-003",
  title: "NSG rules do not allow plain HTTP from the internet",
  severity: "error",
  service: "network",
  resourceTypes: ["azurerm_network_security_group", "azurerm_network_security_rule"],
  rationale: "Plain HTTP carries requests and responses unencrypted; public traffic enters through the TLS-terminating edge only.",
  remediation: "Remove the rule, or allow 443 from the edge's service tag instead.",
  references: { checkov: ["CKV_AZURE_160"], trivy: ["AVD-AZU-0047"], hipaa: ["164.312(e)(1)", "164.312(e)(2)(ii)"] },
  check: (resource) => checkInternetExposure(resource, { ports: [80], protocols: ["tcp"] }, "HTTP (80)"),
});
