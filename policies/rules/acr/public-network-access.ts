import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const acrPublicNetworkAccess = defineRule({
  id: "FHI-ACR-003",
  title: "Container registry public network access is disabled",
  severity: "error",
  service: "acr",
  resourceTypes: ["azurerm_container_registry"],
  generations: AZURERM_2_TO_4,
  rationale: "Images are pulled by private clusters and pushed by CI through private endpoints; a public registry endpoint is attack surface only.",
  remediation: "Set public_network_access_enabled = false (Premium SKU) and use private endpoints.",
  references: { checkov: ["CKV_AZURE_139"], azurePolicy: ["0fdf0491-d080-4575-b627-ad0e843cba0f"], hipaa: ["164.312(e)(1)"] },
  check: (resource) => expectBoolean(resource, ["public_network_access_enabled"], false, true),
});
