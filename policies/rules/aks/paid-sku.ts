import { expectSetting } from "../../engine/checks";
import { defineRule } from "../../engine/rule";

export const aksPaidSku = defineRule({
  id: "FHI-AKS-016",
  title: "AKS uses a tier with an uptime SLA",
  severity: "warning",
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  rationale: "Clinical services need a control plane with a financially backed SLA; the Free tier has none.",
  remediation: 'Set sku_tier = "Standard" (or "Premium").',
  references: { checkov: ["CKV_AZURE_170"], hipaa: ["164.308(a)(7)(ii)(C)"] },
  check: (resource) => expectSetting(resource, { paths: ["sku_tier"], ok: (value) => value === "Standard" || value === "Premium", want: '"Standard" or "Premium"', whenAbsent: false }),
});
