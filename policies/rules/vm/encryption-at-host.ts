import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";

export const vmEncryptionAtHost = defineRule({
  id: "FHI-VM-002",
  title: "Linux VMs encrypt temp disks and caches at host",
  severity: "warning",
  service: "vm",
  resourceTypes: ["azurerm_linux_virtual_machine", "azurerm_linux_virtual_machine_scale_set"],
  rationale: "Temporary disks and caches are not covered by server-side encryption of managed disks.",
  remediation: "Set encryption_at_host_enabled = true.",
  references: { checkov: ["CKV_AZURE_97"], azurePolicy: ["fc4d8e41-e223-45ea-9bf5-eada37891d87"], hipaa: ["164.312(a)(2)(iv)"] },
  check: (resource) => expectBoolean(resource, ["encryption_at_host_enabled"], true, false),
});
