import { expectOneOf } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const aksPaidSku = defineRule({
  id: "FHI-AKS-016",
  title: "AKS uses a tier with an uptime SLA",
  severity: "warning",
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  generations: AZURERM_2_TO_4,
  rationale: 'Clinical services need a control plane with a financially backed SLA; the Free tier has none. "Paid" is the name azurerm 2.x and 3.x gave the Standard tier.',
  remediation: 'Set sku_tier = "Standard" (or "Premium"; azurerm before 3.51: "Paid").',
  references: { checkov: ["CKV_AZURE_170"], hipaa: ["164.308(a)(7)(ii)(C)"] },
  check: (resource) => expectOneOf(resource, ["sku_tier"], ["Standard", "Premium", "Paid"], false),
});
