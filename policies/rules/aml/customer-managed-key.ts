import { defineRule } from "../../engine/rule";
import { isArmType, expectArm } from "../common/azapi";
import { AML_WORKSPACE } from "../common/aml";
import { expectPresent } from "../../engine/checks";
import { oneOf } from "../../engine/checks";
import { AZURERM_3_TO_4, AZAPI_1_TO_2 } from "../common/generations";

export const amlCustomerManagedKey = defineRule({
  id: "FHI-AML-005",
  title: "ML workspace is encrypted with a customer-managed key",
  severity: "warning",
  service: "aml",
  resourceTypes: ["azurerm_machine_learning_workspace", "azapi_resource"],
  generations: [...AZURERM_3_TO_4, ...AZAPI_1_TO_2],
  applies: isArmType(AML_WORKSPACE),
  rationale: "A customer-managed key covers the workspace's metadata, run history and the Cosmos DB/Search resources Azure ML keeps for it.",
  remediation: "Add an encryption block with key_vault_id and key_id (azapi: properties.encryption.status = \"Enabled\").",
  references: { azurePolicy: ["ba769a63-b8cc-4b2d-abf6-ac33c7204be8"], hipaa: ["164.312(a)(2)(iv)"] },
  check: (resource) =>
    resource.type === "azapi_resource"
      ? expectArm(resource, { path: "properties.encryption.status", ok: oneOf("Enabled"), want: '"Enabled"', whenAbsent: false })
      : expectPresent(resource, "encryption.key_id", "the workspace uses Microsoft-managed keys"),
});
