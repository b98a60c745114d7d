import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const storagePublicNetworkAccess = defineRule({
  id: "FHI-ST-003",
  title: "Storage account public network access is disabled",
  severity: "error",
  service: "storage",
  resourceTypes: ["azurerm_storage_account"],
  generations: AZURERM_2_TO_4,
  rationale: "Accounts holding training data or logs should be reachable only through private endpoints.",
  remediation: "Set public_network_access_enabled = false and use private endpoints.",
  references: { checkov: ["CKV_AZURE_59"], azurePolicy: ["b2982f36-99f2-4db5-8eff-283140c09693"], hipaa: ["164.312(e)(1)", "164.312(a)(1)"] },
  check: (resource) => expectBoolean(resource, ["public_network_access_enabled"], false, true),
});
