import { sameText } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { valueAt } from "../../model/value";
import { AZURERM_2_TO_4 } from "../common/generations";
import { expectRetention } from "../common/retention";

export const storageBlobSoftDelete = defineRule({
  id: "FHI-ST-007",
  title: "Storage account keeps deleted blobs (file shares, on FileStorage accounts) recoverable for at least 7 days",
  severity: "warning",
  service: "storage",
  resourceTypes: ["azurerm_storage_account"],
  generations: AZURERM_2_TO_4,
  rationale:
    "Soft delete recovers data deleted by mistake or by ransomware within the retention period; the number of days counts, not the block. FileStorage accounts hold no blobs (checkov fails them outright): their file shares' soft delete is checked instead.",
  remediation: "Set blob_properties { delete_retention_policy { days = 7 } } or longer (FileStorage: share_properties { retention_policy { days = 7 } }).",
  references: { checkov: ["CKV2_AZURE_38"], trivy: ["AVD-AZU-0056"], hipaa: ["164.312(c)(1)", "164.308(a)(7)(ii)(A)"] },
  check: (resource) =>
    sameText(valueAt(resource.values, "account_kind"), "FileStorage")
      ? expectRetention(resource, "share_properties.retention_policy", "deleted file shares")
      : expectRetention(resource, "blob_properties.delete_retention_policy", "deleted blobs"),
});
