import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";

export const storageBlobPublicAccess = defineRule({
  id: "FHI-ST-005",
  title: "Storage account forbids anonymous blob access",
  severity: "error",
  critical: true,
  service: "storage",
  resourceTypes: ["azurerm_storage_account"],
  rationale: "Anonymous containers are the classic cause of health-record leaks: one wrong container setting publishes its blobs to the internet.",
  remediation: "Set allow_nested_items_to_be_public = false (3.x before 3.0: allow_blob_public_access = false).",
  references: { checkov: ["CKV_AZURE_190", "CKV2_AZURE_47"], trivy: ["AVD-AZU-0007"], azurePolicy: ["4fa4b6c0-31ca-4c0d-b10d-24b96f62a751"], hipaa: ["164.312(a)(1)", "164.312(e)(1)"] },
  check: (resource) => expectBoolean(resource, ["allow_nested_items_to_be_public", "allow_blob_public_access"], false, true),
});
