import { defineRule, pass } from "../../engine/rule";
import { sameText } from "../../engine/checks";
import { valueAt } from "../../model/value";
import { AZURERM_2_TO_4 } from "../common/generations";
import { expectRetention } from "../common/retention";

export const storageContainerSoftDelete = defineRule({
  id: "FHI-ST-008",
  title: "Storage account keeps deleted containers recoverable for at least 7 days",
  severity: "warning",
  service: "storage",
  resourceTypes: ["azurerm_storage_account"],
  generations: AZURERM_2_TO_4,
  rationale: "Deleting a container deletes every blob in it at once; container soft delete makes that recoverable within its window, which must be at least 7 days.",
  remediation: "Set blob_properties { container_delete_retention_policy { days = 7 } } or longer.",
  references: { hipaa: ["164.312(c)(1)", "164.308(a)(7)(ii)(A)"] },
  check: (resource) =>
    sameText(valueAt(resource.values, "account_kind"), "FileStorage")
      ? pass("a FileStorage account has no blob containers")
      : expectRetention(resource, "blob_properties.container_delete_retention_policy", "deleted containers"),
});
