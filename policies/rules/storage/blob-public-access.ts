import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const storageBlobPublicAccess = defineRule({
  id: "FHI-ST-005",
  title: "Storage account forbids anonymous blob access",
  severity: "error",
  critical: true,
  service: "storage",
  resourceTypes: ["azurerm_storage_account"],
  generations: AZURERM_2_TO_4,
  rationale:
    "Anonymous containers are the classic cause of health-record leaks: one wrong container setting publishes its blobs to the internet. The flag must be written false: azurerm 3.x and 4.x default it to true (2.x's allow_blob_public_access defaulted to false).",
  remediation: "Set allow_nested_items_to_be_public = false (azurerm 2.x: allow_blob_public_access = false).",
  references: { checkov: ["CKV_AZURE_190", "CKV2_AZURE_47"], azurePolicy: ["4fa4b6c0-31ca-4c0d-b10d-24b96f62a751"], hipaa: ["164.312(a)(1)", "164.312(e)(1)"] },
  check: (resource) => expectBoolean(resource, ["allow_nested_items_to_be_public", "allow_blob_public_access"], false, { 2: false, 3: true }),
});
