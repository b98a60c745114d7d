import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const storageSharedKeyDisabled = defineRule({
  id: "FHI-ST-006",
  title: "Storage account disables shared key authorization",
  severity: "error",
  service: "storage",
  resourceTypes: ["azurerm_storage_account"],
  generations: AZURERM_2_TO_4,
  rationale: "Account keys and the SAS tokens signed with them are anonymous bearer credentials; Entra ID authentication names who accessed the data.",
  remediation: "Set shared_access_key_enabled = false and use Entra ID (the provider's storage_use_azuread = true).",
  references: { checkov: ["CKV2_AZURE_40"], azurePolicy: ["8c6a50c6-9ffd-4ae7-986f-5fa6111f9a54"], hipaa: ["164.312(a)(2)(i)", "164.312(d)"] },
  check: (resource) => expectBoolean(resource, ["shared_access_key_enabled"], false, true),
});
