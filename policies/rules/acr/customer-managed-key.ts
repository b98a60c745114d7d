import { expectPresent } from "../../engine/checks";
import { defineRule, fail } from "../../engine/rule";
import { valueAt } from "../../model/value";
import { AZURERM_2_TO_4 } from "../common/generations";

export const acrCustomerManagedKey = defineRule({
  id: "FHI-ACR-005",
  title: "Container registry is encrypted with a customer-managed key",
  severity: "warning",
  service: "acr",
  resourceTypes: ["azurerm_container_registry"],
  generations: AZURERM_2_TO_4,
  rationale: "Images can embed model weights fine-tuned on PHI; a customer-managed key lets the hospital revoke access to them.",
  remediation: "Add an encryption block with key_vault_key_id and identity_client_id of a user-assigned identity (before 4.0 also enabled = true).",
  references: { azurePolicy: ["5b9159ae-1701-4a6f-9a7a-aa9c8ddd0580"], hipaa: ["164.312(a)(2)(iv)"] },
  check: (resource) =>
    // azurerm 2.x and 3.x had an `enabled` flag in the block: false keeps Microsoft-managed keys.
    valueAt(resource.values, "encryption.enabled") === false
      ? fail("encryption.enabled is false; images are encrypted with Microsoft-managed keys")
      : expectPresent(resource, "encryption.key_vault_key_id", "images are encrypted with Microsoft-managed keys"),
});
