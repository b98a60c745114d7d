import { ladderExposure, settingRule, switchExposure } from "../rule";

/** azurerm defaults public network access to enabled on every type below: absent means open. */
const PUBLIC_BY_DEFAULT = [
  "azurerm_key_vault",
  "azurerm_storage_account",
  "azurerm_container_registry",
  "azurerm_machine_learning_workspace",
  "azurerm_cognitive_account",
  "azurerm_search_service",
  "azurerm_api_management",
  "azurerm_mssql_server",
  "azurerm_postgresql_flexible_server",
  "azurerm_redis_cache",
  "azurerm_eventhub_namespace",
  "azurerm_servicebus_namespace",
  "azurerm_cosmosdb_account",
  "azurerm_linux_web_app",
  "azurerm_windows_web_app",
  "azurerm_data_factory",
];

export const publicNetworkAccess = settingRule({
  id: "public-network-access",
  title: "Public network access",
  settings: [
    { types: PUBLIC_BY_DEFAULT, paths: ["public_network_access_enabled"], label: "public network access", exposure: switchExposure(true, true), broadeningOnCreate: true },
    {
      types: ["azurerm_log_analytics_workspace", "azurerm_application_insights"],
      paths: ["internet_ingestion_enabled"],
      label: "ingestion from the internet",
      exposure: switchExposure(true, true),
      broadeningOnCreate: true,
    },
    {
      types: ["azurerm_log_analytics_workspace", "azurerm_application_insights"],
      paths: ["internet_query_enabled"],
      label: "queries from the internet",
      exposure: switchExposure(true, true),
      broadeningOnCreate: true,
    },
    {
      // AML online endpoints and workspaces as azapi bodies: `publicNetworkAccess` is "Enabled" unless set.
      types: ["azapi_resource"],
      armTypes: ["Microsoft.MachineLearningServices/workspaces/onlineEndpoints", "Microsoft.MachineLearningServices/workspaces"],
      paths: ["body.properties.publicNetworkAccess"],
      label: "public network access",
      exposure: ladderExposure(["Disabled", "Enabled"], "Enabled"),
      broadeningOnCreate: true,
    },
  ],
});
