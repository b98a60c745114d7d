import { expectOneOf } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const keyVaultNetworkAcls = defineRule({
  id: "FHI-KV-005",
  title: "Key Vault firewall denies by default",
  severity: "error",
  service: "keyvault",
  resourceTypes: ["azurerm_key_vault"],
  generations: AZURERM_2_TO_4,
  rationale: "A default-deny firewall keeps the vault closed even if public network access is turned on again by mistake.",
  remediation: 'Add network_acls { default_action = "Deny", bypass = "AzureServices" }.',
  references: { checkov: ["CKV_AZURE_109"], trivy: ["AVD-AZU-0013"], azurePolicy: ["55615ac9-af46-4a59-874e-391cc3dfb490"], hipaa: ["164.312(e)(1)"] },
  check: (resource) => expectOneOf(resource, ["network_acls.default_action"], ["Deny"], false),
});
