import type { ValueObject } from "../../policies/model";

/**
 * Resources that hold data or trust: replacing or destroying one loses what is in it (keys, secrets, blobs,
 * images, models, audit logs, cluster state). Always called out, whatever else the review says.
 */
const STATEFUL: Readonly<Record<string, string>> = {
  azurerm_key_vault: "its keys, secrets and certificates (and with them every customer-managed key that encrypts other data)",
  azurerm_key_vault_key: "the key, and with it every piece of data encrypted with it (unreadable from then on)",
  azurerm_storage_account: "its blobs, files and tables",
  azurerm_storage_container: "the container's blobs",
  azurerm_container_registry: "its container images (the model-server images by digest)",
  azurerm_machine_learning_workspace: "its models, environments, endpoints and run history",
  azurerm_kubernetes_cluster: "the cluster, its workloads and their local state",
  azurerm_log_analytics_workspace: "its logs and audit history",
  azurerm_application_insights: "its telemetry history",
  azurerm_disk_encryption_set: "the key binding of every disk encrypted through it",
  azurerm_managed_disk: "the disk's data",
  azurerm_postgresql_flexible_server: "its databases",
  azurerm_mssql_database: "the database",
  azurerm_cosmosdb_account: "its databases",
};

const STATE_STORAGE = "the Terraform state of every stack of the environment";

/**
 * What a replacement or destruction of this resource loses, as the object of "loses ..." ("replacing it loses the
 * disk's data"), or undefined for stateless resources.
 */
export function statefulLoss(type: string, stack: string, values: ValueObject | null): string | undefined {
  const isStateStorage =
    (stack.endsWith("-bootstrap") && (type === "azurerm_storage_account" || type === "azurerm_storage_container")) ||
    (type === "azurerm_storage_container" && values?.name === "tfstate");
  return isStateStorage ? STATE_STORAGE : STATEFUL[type];
}
