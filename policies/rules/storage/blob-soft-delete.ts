import { expectSetting } from "../../engine/checks";
import { defineRule, fail } from "../../engine/rule";
import { isAbsent, valueAt } from "../../model/value";

export const storageBlobSoftDelete = defineRule({
  id: "FHI-ST-007",
  title: "Storage account keeps deleted blobs recoverable",
  severity: "warning",
  service: "storage",
  resourceTypes: ["azurerm_storage_account"],
  rationale: "Blob soft delete recovers data deleted by mistake or by ransomware within the retention period.",
  remediation: "Set blob_properties { delete_retention_policy { days = 7 } } or longer.",
  references: { checkov: ["CKV2_AZURE_38"], trivy: ["AVD-AZU-0056"], hipaa: ["164.312(c)(1)", "164.308(a)(7)(ii)(A)"] },
  check: (resource) =>
    isAbsent(valueAt(resource.values, "blob_properties.delete_retention_policy"))
      ? fail("blob_properties.delete_retention_policy is not set")
      : expectSetting(resource, { paths: ["blob_properties.delete_retention_policy.days"], ok: (value) => typeof value === "number" && value >= 7, want: "at least 7 days", whenAbsent: true }),
});
