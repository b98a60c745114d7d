import { presenceExposure, settingRule } from "../rule";

/** A customer-managed key is configured when its key reference is set (usually an expression). */
export const customerManagedKey = settingRule({
  id: "customer-managed-key",
  title: "Customer-managed keys",
  settings: [
    { types: ["azurerm_storage_account"], paths: ["customer_managed_key.key_vault_key_id", "customer_managed_key.managed_hsm_key_id"], label: "customer-managed key", exposure: presenceExposure, broadeningOnCreate: false },
    { types: ["azurerm_container_registry"], paths: ["encryption.key_vault_key_id"], label: "customer-managed key", exposure: presenceExposure, broadeningOnCreate: false },
    { types: ["azurerm_machine_learning_workspace"], paths: ["encryption.key_id"], label: "customer-managed key", exposure: presenceExposure, broadeningOnCreate: false },
    {
      types: ["azurerm_kubernetes_cluster", "azurerm_managed_disk", "azurerm_linux_virtual_machine", "azurerm_windows_virtual_machine"],
      paths: ["disk_encryption_set_id", "os_disk.disk_encryption_set_id"],
      label: "disk encryption set (customer-managed key)",
      exposure: presenceExposure,
      broadeningOnCreate: false,
    },
    {
      types: ["azapi_resource"],
      armTypes: ["Microsoft.MachineLearningServices/workspaces"],
      paths: ["body.properties.encryption.keyVaultProperties.keyIdentifier"],
      label: "customer-managed key",
      exposure: presenceExposure,
      broadeningOnCreate: false,
    },
  ],
});
