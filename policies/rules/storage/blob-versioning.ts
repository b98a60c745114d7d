import { expectBoolean, sameText } from "../../engine/checks";
import { defineRule, pass } from "../../engine/rule";
import { valueAt } from "../../model/value";
import { AZURERM_2_TO_4 } from "../common/generations";

export const storageBlobVersioning = defineRule({
  id: "FHI-ST-016",
  title: "Storage account keeps previous versions of blobs",
  severity: "warning",
  service: "storage",
  resourceTypes: ["azurerm_storage_account"],
  generations: AZURERM_2_TO_4,
  rationale:
    "Soft delete recovers deleted blobs, not overwritten ones: versioning keeps every earlier version, so data overwritten by mistake or encrypted by ransomware can be restored. Accounts that cannot version (FileStorage, hierarchical namespace) are exempt (learn.microsoft.com/azure/storage/blobs/versioning-overview).",
  remediation: "Set blob_properties { versioning_enabled = true } with a lifecycle rule that deletes old versions after the retention period.",
  references: { hipaa: ["164.312(c)(1)", "164.308(a)(7)(ii)(A)"] },
  check: (resource) => {
    if (sameText(valueAt(resource.values, "account_kind"), "FileStorage")) return pass("a FileStorage account holds no blobs");
    if (valueAt(resource.values, "is_hns_enabled") === true) return pass("accounts with a hierarchical namespace do not support versioning");
    return expectBoolean(resource, ["blob_properties.versioning_enabled"], true, false);
  },
});
