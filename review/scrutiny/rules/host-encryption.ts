import { settingRule, switchExposure } from "../rule";

export const hostEncryption = settingRule({
  id: "host-encryption",
  title: "Encryption at host and infrastructure encryption",
  settings: [
    {
      types: ["azurerm_kubernetes_cluster"],
      paths: ["default_node_pool.host_encryption_enabled", "default_node_pool.enable_host_encryption"],
      label: "host encryption of the system node pool",
      exposure: switchExposure(false, false),
      broadeningOnCreate: false,
    },
    {
      types: ["azurerm_kubernetes_cluster_node_pool"],
      paths: ["host_encryption_enabled", "enable_host_encryption"],
      label: "host encryption",
      exposure: switchExposure(false, false),
      broadeningOnCreate: false,
    },
    {
      types: ["azurerm_linux_virtual_machine", "azurerm_windows_virtual_machine"],
      paths: ["encryption_at_host_enabled"],
      label: "encryption at host",
      exposure: switchExposure(false, false),
      broadeningOnCreate: false,
    },
    {
      types: ["azurerm_storage_account"],
      paths: ["infrastructure_encryption_enabled"],
      label: "infrastructure (double) encryption",
      exposure: switchExposure(false, false),
      broadeningOnCreate: false,
    },
  ],
});
