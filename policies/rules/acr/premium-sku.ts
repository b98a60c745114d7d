import { expectOneOf } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const acrPremiumSku = defineRule({
  id: "FHI-ACR-004",
  title: "Container registry uses the Premium SKU",
  severity: "error",
  service: "acr",
  resourceTypes: ["azurerm_container_registry"],
  generations: AZURERM_2_TO_4,
  rationale: "Private endpoints, disabling public access, customer-managed keys and retention policies all need the Premium SKU.",
  remediation: 'Set sku = "Premium".',
  references: { hipaa: ["164.312(e)(1)"] },
  check: (resource) => expectOneOf(resource, ["sku"], ["Premium"], false),
});
