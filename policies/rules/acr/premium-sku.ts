import { expectSetting } from "../../engine/checks";
import { defineRule } from "../../engine/rule";

export const acrPremiumSku = defineRule({
  id: "FHI-ACR-004",
  title: "Container registry uses the Premium SKU",
  severity: "error",
  service: "acr",
  resourceTypes: ["azurerm_container_registry"],
  rationale: "Private endpoints, disabling public access, customer-managed keys and retention policies all need the Premium SKU.",
  remediation: 'Set sku = "Premium".',
  references: { hipaa: ["164.312(e)(1)"] },
  check: (resource) => expectSetting(resource, { paths: ["sku"], ok: (value) => value === "Premium", want: '"Premium"', whenAbsent: false }),
});
