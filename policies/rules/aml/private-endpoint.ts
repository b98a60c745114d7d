import { defineRule } from "../../engine/rule";
import { isArmType } from "../common/azapi";
import { AML_WORKSPACE } from "../common/aml";
import { hasPrivateEndpoint } from "../common/relations";
import { AZURERM_3_TO_4, AZAPI_1_TO_2 } from "../common/generations";

export const amlWorkspacePrivateEndpoint = defineRule({
  id: "FHI-AML-006",
  title: "ML workspace is reached through a private endpoint",
  severity: "error",
  service: "aml",
  resourceTypes: ["azurerm_machine_learning_workspace", "azapi_resource"],
  generations: [...AZURERM_3_TO_4, ...AZAPI_1_TO_2],
  applies: isArmType(AML_WORKSPACE),
  rationale: "With public access off, the studio, SDK and CI reach the workspace only through a private endpoint.",
  remediation: 'Create an azurerm_private_endpoint to the workspace with subresource_names = ["amlworkspace"].',
  references: { azurePolicy: ["45e05259-1eb5-4f70-9574-baf73e9d219b"], hipaa: ["164.312(e)(1)"] },
  check: hasPrivateEndpoint,
});
