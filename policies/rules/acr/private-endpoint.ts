import { defineRule } from "../../engine/rule";
import { hasPrivateEndpoint } from "../common/relations";
import { AZURERM_2_TO_4 } from "../common/generations";

export const acrPrivateEndpoint = defineRule({
  id: "FHI-ACR-007",
  title: "Container registry is reached through a private endpoint",
  severity: "error",
  service: "acr",
  resourceTypes: ["azurerm_container_registry"],
  generations: AZURERM_2_TO_4,
  rationale: "Private clusters pull images through a private endpoint; without one they either fail or the registry must be opened.",
  remediation: 'Create an azurerm_private_endpoint to the registry with subresource_names = ["registry"].',
  references: { azurePolicy: ["e8eef0a8-67cf-4eb4-9386-14b0e78733d4"], hipaa: ["164.312(e)(1)"] },
  check: hasPrivateEndpoint,
});
