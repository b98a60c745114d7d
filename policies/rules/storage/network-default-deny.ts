import { expectSetting } from "../../engine/checks";
import { defineRule, pass } from "../../engine/rule";
import { valueAt } from "../../model/value";

export const storageNetworkDefaultDeny = defineRule({
  id: "FHI-ST-004",
  title: "Storage account firewall denies by default",
  severity: "error",
  service: "storage",
  resourceTypes: ["azurerm_storage_account"],
  rationale: "A default-deny firewall keeps the account closed to networks that were not explicitly allowed.",
  remediation: 'Set network_rules { default_action = "Deny" } (or an azurerm_storage_account_network_rules resource).',
  references: { checkov: ["CKV_AZURE_35"], trivy: ["AVD-AZU-0012"], azurePolicy: ["34c877ad-507e-4c82-993e-3452a6e0ad3c"], hipaa: ["164.312(e)(1)"] },
  check: (resource, model) => {
    const separate = model.referrers(resource, { types: ["azurerm_storage_account_network_rules"], path: "storage_account_id" });
    const denying = separate.find((referrer) => valueAt(referrer.resource.values, "default_action") === "Deny");
    if (denying) return pass(`${denying.resource.address} denies by default`);
    return expectSetting(resource, { paths: ["network_rules.default_action"], ok: (value) => value === "Deny", want: '"Deny"', whenAbsent: false });
  },
});
