import { settingRule, switchExposure } from "../rule";

/** Keys, passwords and local accounts bypass Entra ID: no conditional access, no per-person audit. */
export const localAuth = settingRule({
  id: "local-auth",
  title: "Local authentication and admin users",
  settings: [
    { types: ["azurerm_container_registry"], paths: ["admin_enabled"], label: "admin user", exposure: switchExposure(true, false), broadeningOnCreate: true },
    { types: ["azurerm_storage_account"], paths: ["shared_access_key_enabled"], label: "shared access keys", exposure: switchExposure(true, true), broadeningOnCreate: true },
    { types: ["azurerm_storage_account"], paths: ["local_user_enabled"], label: "local users (SFTP)", exposure: switchExposure(true, true), broadeningOnCreate: true },
    { types: ["azurerm_kubernetes_cluster"], paths: ["local_account_disabled"], label: "local accounts disabled", exposure: switchExposure(false, false), broadeningOnCreate: true },
    { types: ["azurerm_cognitive_account"], paths: ["local_auth_enabled"], label: "local (key) authentication", exposure: switchExposure(true, true), broadeningOnCreate: true },
    {
      types: ["azurerm_application_insights", "azurerm_log_analytics_workspace"],
      paths: ["local_authentication_disabled"],
      label: "local authentication disabled",
      exposure: switchExposure(false, false),
      broadeningOnCreate: false,
    },
    { types: ["azurerm_log_analytics_workspace"], paths: ["local_authentication_enabled"], label: "local authentication", exposure: switchExposure(true, true), broadeningOnCreate: false },
    {
      types: ["azapi_resource"],
      armTypes: ["Microsoft.MachineLearningServices/workspaces/computes"],
      paths: ["body.properties.disableLocalAuth"],
      label: "local auth disabled on the compute",
      exposure: switchExposure(false, false),
      broadeningOnCreate: true,
    },
    {
      types: ["azurerm_linux_virtual_machine"],
      paths: ["disable_password_authentication"],
      label: "password authentication disabled",
      exposure: switchExposure(false, true),
      broadeningOnCreate: true,
    },
  ],
});
