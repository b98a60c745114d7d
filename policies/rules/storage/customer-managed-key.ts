import { defineRule, pass } from "../../engine/rule";
import { expectPresent } from "../../engine/checks";

export const storageCustomerManagedKey = defineRule({
  id: "FHI-ST-009",
  title: "Storage account is encrypted with a customer-managed key",
  severity: "warning",
  service: "storage",
  resourceTypes: ["azurerm_storage_account"],
  rationale: "A customer-managed key lets the hospital revoke access to stored data and shows key custody to auditors.",
  remediation: "Add a customer_managed_key block (or an azurerm_storage_account_customer_managed_key resource) with a Key Vault key.",
  references: { checkov: ["CKV2_AZURE_1"], trivy: ["AVD-AZU-0060"], azurePolicy: ["6fac406b-40ca-413b-bf8e-0bf964659c25"], hipaa: ["164.312(a)(2)(iv)"] },
  check: (resource, model) => {
    const separate = model.referrers(resource, { types: ["azurerm_storage_account_customer_managed_key"], path: "storage_account_id" });
    if (separate.length > 0) return pass(`${separate[0].resource.address} sets the key`);
    return expectPresent(resource, "customer_managed_key", "data is encrypted with Microsoft-managed keys");
  },
});
