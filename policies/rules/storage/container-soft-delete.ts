import { expectPresent } from "../../engine/checks";
import { defineRule } from "../../engine/rule";

export const storageContainerSoftDelete = defineRule({
  id: "FHI-ST-008",
  title: "Storage account keeps deleted containers recoverable",
  severity: "warning",
  service: "storage",
  resourceTypes: ["azurerm_storage_account"],
  rationale: "Deleting a container deletes every blob in it at once; container soft delete makes that recoverable.",
  remediation: "Set blob_properties { container_delete_retention_policy { days = 7 } }.",
  references: { hipaa: ["164.312(c)(1)", "164.308(a)(7)(ii)(A)"] },
  check: (resource) => expectPresent(resource, "blob_properties.container_delete_retention_policy", "deleted containers cannot be recovered"),
});
