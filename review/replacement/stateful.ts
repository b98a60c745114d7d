import type { ValueObject } from "../../policies/model";

/**
 * Resources that hold data or trust: replacing or destroying one loses what is in it (keys, secrets, blobs,
 * images, models, audit logs, cluster state). Always called out, whatever else the review says.
 */
const STATEFUL: Readonly<Record<string, string>> = {
  azurerm_key_vault: "keys, secrets and certificates (and every CMK that encrypts other data)",
  azurerm_key_vault_key: "a key: data encrypted with it becomes unreadable",
  azurerm_storage_account: "blobs, files and tables",
  azurerm_storage_container: "the container's blobs",
  azurerm_container_registry: "container images (the model-server images by digest)",
  azurerm_machine_learning_workspace: "models, environments, endpoints and run history",
  azurerm_kubernetes_cluster: "the cluster, its workloads and their local state",
  azurerm_log_analytics_workspace: "logs and audit history",
  azurerm_application_insights: "telemetry history",
  azurerm_disk_encryption_set: "the key binding of every disk encrypted through it",
  azurerm_managed_disk: "the disk's data",
  azurerm_postgresql_flexible_server: "databases",
  azurerm_mssql_database: "a database",
  azurerm_cosmosdb_account: "databases",
};

const STATE_STORAGE = "Terraform state of every stack of the environment";

/** What a replacement or destruction of this resource loses, or undefined for stateless resources. */
export function statefulLoss(type: string, stack: string, values: ValueObject | null): string | undefined {
  const isStateStorage =
    (stack.endsWith("-bootstrap") && (type === "azurerm_storage_account" || type === "azurerm_storage_container")) ||
    (type === "azurerm_storage_container" && values?.name === "tfstate");
  return isStateStorage ? STATE_STORAGE : STATEFUL[type];
}
