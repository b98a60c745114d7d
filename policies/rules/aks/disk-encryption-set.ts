import { expectPresent } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const aksDiskEncryptionSet = defineRule({
  id: "FHI-AKS-010",
  title: "AKS disks are encrypted with a customer-managed key",
  severity: "warning",
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  generations: AZURERM_2_TO_4,
  rationale: "A customer-managed key lets the hospital revoke access to node disks and proves key custody to auditors.",
  remediation: "Set disk_encryption_set_id to a disk encryption set backed by a Key Vault key.",
  references: { checkov: ["CKV_AZURE_117"], trivy: ["AVD-AZU-0067"], azurePolicy: ["7d7be79c-23ba-4033-84dd-45e2a5ccdd67"], hipaa: ["164.312(a)(2)(iv)"] },
  check: (resource) => expectPresent(resource, "disk_encryption_set_id", "node OS and data disks use platform-managed keys"),
});
