import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const keyVaultPublicNetworkAccess = defineRule({
  id: "FHI-KV-004",
  title: "Key Vault public network access is disabled",
  severity: "error",
  service: "keyvault",
  resourceTypes: ["azurerm_key_vault"],
  generations: AZURERM_2_TO_4,
  rationale:
    "Keys that protect PHI should only be reachable through private endpoints, never from the internet. Firewall IP rules do not make a public vault private: checkov passes a vault with network_acls rules, we do not.",
  remediation: "Set public_network_access_enabled = false and connect through a private endpoint.",
  references: { checkov: ["CKV_AZURE_189"], azurePolicy: ["405c5871-3e91-4644-8a63-58e19d68ff5b"], hipaa: ["164.312(e)(1)", "164.312(a)(1)"] },
  check: (resource) => expectBoolean(resource, ["public_network_access_enabled"], false, true),
});
