import { defineRule } from "../../engine/rule";
import { hasPrivateEndpoint } from "../common/relations";
import { AZURERM_2_TO_4 } from "../common/generations";

export const storagePrivateEndpoint = defineRule({
  id: "FHI-ST-010",
  title: "Storage account is reached through a private endpoint",
  severity: "error",
  service: "storage",
  resourceTypes: ["azurerm_storage_account"],
  generations: AZURERM_2_TO_4,
  rationale: "With public access off, private endpoints are the only path for workloads and keep data traffic off the internet.",
  remediation: 'Create an azurerm_private_endpoint to the account (subresource_names = ["blob"], and "file" where used).',
  references: { checkov: ["CKV2_AZURE_33"], azurePolicy: ["6edd7eda-6dd8-40f7-810d-67160c639cd9"], hipaa: ["164.312(e)(1)"] },
  check: hasPrivateEndpoint,
});
