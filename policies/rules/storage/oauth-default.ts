import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const storageOauthDefault = defineRule({
  id: "FHI-ST-015",
  title: "Storage account defaults the portal to Entra ID authorization",
  severity: "info",
  service: "storage",
  resourceTypes: ["azurerm_storage_account"],
  generations: AZURERM_2_TO_4,
  rationale: "With Entra ID as the default, people browsing data in the portal are authorized and logged by identity, not by account key.",
  remediation: "Set default_to_oauth_authentication = true.",
  references: { hipaa: ["164.312(d)"] },
  check: (resource) => expectBoolean(resource, ["default_to_oauth_authentication"], true, false),
});
