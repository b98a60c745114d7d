import { defineRule } from "../../engine/rule";
import { hasPrivateEndpoint } from "../common/relations";
import { AZURERM_2_TO_4 } from "../common/generations";

export const keyVaultPrivateEndpoint = defineRule({
  id: "FHI-KV-006",
  title: "Key Vault is reached through a private endpoint",
  severity: "error",
  service: "keyvault",
  resourceTypes: ["azurerm_key_vault"],
  generations: AZURERM_2_TO_4,
  rationale: "With public access off, a private endpoint is the only path for workloads; it keeps key operations on the Microsoft backbone.",
  remediation: "Create an azurerm_private_endpoint with private_service_connection.private_connection_resource_id = the vault's id and subresource_names = [\"vault\"].",
  references: { checkov: ["CKV2_AZURE_32"], azurePolicy: ["a6abeaec-4d90-4a02-805f-6b26c4d3fbe9"], hipaa: ["164.312(e)(1)"] },
  check: hasPrivateEndpoint,
});
