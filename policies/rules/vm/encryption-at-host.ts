import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const vmEncryptionAtHost = defineRule({
  id: "FHI-VM-002",
  title: "Virtual machines and scale sets encrypt temp disks and caches at host",
  severity: "warning",
  service: "vm",
  resourceTypes: ["azurerm_linux_virtual_machine", "azurerm_linux_virtual_machine_scale_set", "azurerm_windows_virtual_machine", "azurerm_windows_virtual_machine_scale_set"],
  generations: AZURERM_2_TO_4,
  rationale: "Temporary disks and caches are not covered by server-side encryption of managed disks.",
  remediation: "Set encryption_at_host_enabled = true and register the EncryptionAtHost feature.",
  references: { checkov: ["CKV_AZURE_97", "CKV_AZURE_151"], azurePolicy: ["fc4d8e41-e223-45ea-9bf5-eada37891d87"], hipaa: ["164.312(a)(2)(iv)"] },
  check: (resource) => expectBoolean(resource, ["encryption_at_host_enabled"], true, false),
});
