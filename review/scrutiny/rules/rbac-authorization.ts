import { settingRule, switchExposure } from "../rule";

export const rbacAuthorization = settingRule({
  id: "rbac-authorization",
  title: "Azure RBAC authorization",
  settings: [
    {
      types: ["azurerm_key_vault"],
      paths: ["rbac_authorization_enabled", "enable_rbac_authorization"],
      label: "RBAC authorization (off means vault access policies)",
      exposure: switchExposure(false, false),
      broadeningOnCreate: false,
    },
    {
      types: ["azurerm_kubernetes_cluster"],
      paths: ["azure_active_directory_role_based_access_control.azure_rbac_enabled"],
      label: "Azure RBAC for Kubernetes authorization",
      exposure: switchExposure(false, false),
      broadeningOnCreate: false,
    },
    {
      types: ["azurerm_kubernetes_cluster"],
      paths: ["role_based_access_control_enabled"],
      label: "Kubernetes RBAC",
      exposure: switchExposure(false, true),
      broadeningOnCreate: true,
    },
  ],
});
