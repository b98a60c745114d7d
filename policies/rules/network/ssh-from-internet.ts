import { defineRule } from "../../engine/rule";
import { checkInternetExposure } from "../common/nsg";

export const nsgSshFromInternet = defineRule({
  id: "FHI-NSG-001",
  title: "NSG rules do not allow SSH from the internet",
  severity: "error",
  critical: true,
  service: "network",
  resourceTypes: ["azurerm_network_security_group", "azurerm_network_security_rule"],
  rationale: "SSH open to the internet is brute-forced within minutes; administrative access goes through Bastion or the hub.",
  remediation: "Restrict source_address_prefix to the hub or Bastion range, or remove the rule.",
  references: { checkov: ["CKV_AZURE_10"], trivy: ["AVD-AZU-0050"], azurePolicy: ["22730e10-96f6-4aac-ad84-9383d35b5917"], hipaa: ["164.312(e)(1)", "164.312(a)(1)"] },
  check: (resource) => checkInternetExposure(resource, { ports: [22], protocols: ["tcp"] }, "SSH (22)"),
});
