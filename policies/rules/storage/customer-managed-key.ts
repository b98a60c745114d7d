import { defineRule, fail, pass, unknown } from "../../engine/rule";
import { show } from "../../engine/checks";
import { isAbsent, isUnknown, valueAt } from "../../model/value";
import { AZURERM_2_TO_4 } from "../common/generations";

/** How a customer_managed_key block (or the separate resource merged into it) names its key. */
const KEY_PATHS = ["key_vault_key_id", "key_name", "managed_hsm_key_id"];

export const storageCustomerManagedKey = defineRule({
  id: "FHI-ST-009",
  title: "Storage account is encrypted with a customer-managed key",
  severity: "warning",
  service: "storage",
  resourceTypes: ["azurerm_storage_account"],
  generations: AZURERM_2_TO_4,
  rationale:
    "A customer-managed key lets the hospital revoke access to stored data and shows key custody to auditors. Every account is held to it (trivy asks only of accounts with containers): an account without containers today gets them tomorrow.",
  remediation: "Add a customer_managed_key block (or an azurerm_storage_account_customer_managed_key resource) naming a Key Vault key.",
  references: { checkov: ["CKV2_AZURE_1"], trivy: ["AVD-AZU-0060"], azurePolicy: ["6fac406b-40ca-413b-bf8e-0bf964659c25"], hipaa: ["164.312(a)(2)(iv)"] },
  check: (resource) => {
    const block = valueAt(resource.values, "customer_managed_key");
    if (isUnknown(block)) return unknown(`customer_managed_key is ${show(block)}`);
    if (isAbsent(block)) return fail("customer_managed_key is not set; data is encrypted with Microsoft-managed keys");
    const key = KEY_PATHS.map((path) => valueAt(resource.values, `customer_managed_key.${path}`)).find((value) => !isAbsent(value) && value !== "");
    return key === undefined ? fail("customer_managed_key names no key (key_vault_key_id, key_name or managed_hsm_key_id)") : pass("a customer-managed key encrypts the account");
  },
});
