import { expectPresent } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const apimManagedIdentity = defineRule({
  id: "FHI-APIM-003",
  title: "API Management has a managed identity",
  severity: "error",
  service: "apim",
  resourceTypes: ["azurerm_api_management"],
  generations: AZURERM_2_TO_4,
  rationale: "The gateway calls the model and reads secrets with its own Entra ID identity; without one, keys would have to be stored in policies or named values.",
  remediation: 'Add identity { type = "UserAssigned", identity_ids = [...] } (or SystemAssigned) and use authentication-managed-identity in policies.',
  references: { hipaa: ["164.312(d)", "164.312(a)(2)(i)"] },
  check: (resource) => expectPresent(resource, "identity.type", "the gateway needs an identity to call the model without keys"),
});
