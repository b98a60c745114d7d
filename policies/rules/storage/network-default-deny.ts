import { expectOneOf } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const storageNetworkDefaultDeny = defineRule({
  id: "FHI-ST-004",
  title: "Storage account firewall denies by default",
  severity: "error",
  service: "storage",
  resourceTypes: ["azurerm_storage_account", "azurerm_storage_account_network_rules"],
  generations: AZURERM_2_TO_4,
  rationale:
    "A default-deny firewall keeps the account closed to networks that were not explicitly allowed. An account without network rules allows every network. A separate azurerm_storage_account_network_rules is read as the account's network_rules, or judged alone when its account is not in the input.",
  remediation: 'Set network_rules { default_action = "Deny" } (or default_action = "Deny" on the azurerm_storage_account_network_rules resource).',
  references: { checkov: ["CKV_AZURE_35"], trivy: ["AVD-AZU-0012"], azurePolicy: ["34c877ad-507e-4c82-993e-3452a6e0ad3c"], hipaa: ["164.312(e)(1)"] },
  check: (resource) => expectOneOf(resource, ["network_rules.default_action"], ["Deny"], false),
});
