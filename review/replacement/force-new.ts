/**
 * Attributes that azurerm 4.x and azapi cannot change in place: Terraform destroys and re-creates the
 * resource. Written for the resource types this estate uses (and their near neighbours); a plan's own
 * `replace_paths` win over this table whenever a plan is reviewed. An entry matches the attribute itself and
 * anything nested under it.
 */
const PLACEMENT = ["name", "location", "resource_group_name"];

export const FORCE_NEW: Readonly<Record<string, readonly string[]>> = {
  azurerm_resource_group: ["name", "location"],
  azurerm_virtual_network: [...PLACEMENT, "edge_zone"],
  azurerm_subnet: ["name", "resource_group_name", "virtual_network_name"],
  azurerm_network_security_group: PLACEMENT,
  azurerm_network_security_rule: ["name", "resource_group_name", "network_security_group_name"],
  azurerm_subnet_network_security_group_association: ["subnet_id", "network_security_group_id"],
  azurerm_subnet_route_table_association: ["subnet_id", "route_table_id"],
  azurerm_route_table: PLACEMENT,
  azurerm_virtual_network_peering: ["name", "resource_group_name", "virtual_network_name", "remote_virtual_network_id"],
  azurerm_network_watcher_flow_log: ["name", "network_watcher_name", "resource_group_name", "target_resource_id", "network_security_group_id"],
  azurerm_private_dns_zone: ["name", "resource_group_name"],
  azurerm_private_dns_zone_virtual_network_link: ["name", "resource_group_name", "private_dns_zone_name", "virtual_network_id"],
  azurerm_private_endpoint: [
    ...PLACEMENT,
    "subnet_id",
    "private_service_connection.name",
    "private_service_connection.private_connection_resource_id",
    "private_service_connection.subresource_names",
    "private_service_connection.is_manual_connection",
  ],
  azurerm_key_vault: [...PLACEMENT, "soft_delete_retention_days"],
  azurerm_key_vault_key: ["name", "key_vault_id", "key_type", "key_size", "curve"],
  azurerm_storage_account: [...PLACEMENT, "account_tier", "infrastructure_encryption_enabled", "is_hns_enabled", "nfsv3_enabled", "queue_encryption_key_type", "table_encryption_key_type", "edge_zone"],
  azurerm_storage_container: ["name", "storage_account_id", "storage_account_name"],
  azurerm_container_registry: PLACEMENT,
  azurerm_disk_encryption_set: PLACEMENT,
  azurerm_user_assigned_identity: PLACEMENT,
  azurerm_role_assignment: ["name", "scope", "role_definition_id", "role_definition_name", "principal_id", "principal_type", "condition", "condition_version", "description", "delegated_managed_identity_resource_id", "skip_service_principal_aad_check"],
  azurerm_management_lock: ["name", "scope", "lock_level", "notes"],
  azurerm_log_analytics_workspace: PLACEMENT,
  azurerm_application_insights: [...PLACEMENT, "application_type"],
  azurerm_monitor_diagnostic_setting: ["name", "target_resource_id"],
  azurerm_monitor_action_group: ["name", "resource_group_name"],
  azurerm_monitor_metric_alert: ["name", "resource_group_name"],
  azurerm_monitor_autoscale_setting: [...PLACEMENT, "target_resource_id"],
  azurerm_kubernetes_cluster: [
    ...PLACEMENT,
    "dns_prefix",
    "dns_prefix_private_cluster",
    "private_cluster_enabled",
    "private_dns_zone_id",
    "disk_encryption_set_id",
    "node_resource_group",
    "network_profile.network_plugin",
    "network_profile.network_mode",
    "network_profile.pod_cidr",
    "network_profile.pod_cidrs",
    "network_profile.service_cidr",
    "network_profile.service_cidrs",
    "network_profile.dns_service_ip",
    "network_profile.ip_versions",
    "network_profile.load_balancer_sku",
  ],
  // Without `temporary_name_for_rotation` these re-create the pool; with it the provider rotates the nodes.
  azurerm_kubernetes_cluster_node_pool: [
    "name",
    "kubernetes_cluster_id",
    "vm_size",
    "node_taints",
    "zones",
    "os_type",
    "os_sku",
    "os_disk_type",
    "os_disk_size_gb",
    "host_encryption_enabled",
    "node_public_ip_enabled",
    "vnet_subnet_id",
    "pod_subnet_id",
    "max_pods",
    "gpu_driver",
    "gpu_instance",
    "priority",
    "eviction_policy",
  ],
  azurerm_kubernetes_cluster_extension: ["name", "cluster_id", "extension_type", "release_namespace", "target_namespace"],
  azurerm_machine_learning_workspace: [
    ...PLACEMENT,
    "high_business_impact",
    "application_insights_id",
    "key_vault_id",
    "storage_account_id",
    "encryption",
    "kind",
    "v1_legacy_mode_enabled",
  ],
  azurerm_cdn_frontdoor_profile: ["name", "resource_group_name", "sku_name"],
  azurerm_cdn_frontdoor_firewall_policy: ["name", "resource_group_name", "sku_name"],
  azurerm_api_management: PLACEMENT,
  azapi_resource: ["name", "parent_id", "location", "type"],
  azapi_update_resource: ["resource_id", "parent_id", "name", "type"],
};

/**
 * Node pool attributes the provider changes by cycling the pool through `temporary_name_for_rotation` when that
 * is set (azurerm 4.x): the nodes are re-created, the pool resource is not.
 */
const ROTATED_WITH_TEMPORARY_POOL = new Set([
  "vm_size", "zones", "os_disk_type", "os_disk_size_gb", "host_encryption_enabled", "node_public_ip_enabled", "vnet_subnet_id", "pod_subnet_id", "max_pods",
]);

/** The ARM resource type without its API version: a new API version is an in-place update. */
function armType(value: unknown): unknown {
  return typeof value === "string" ? value.split("@")[0] : value;
}

/** The changed attribute paths that force `type` to be replaced. */
export function forceNewPaths(type: string, changed: readonly { path: string; before: unknown; after: unknown }[], after?: { readonly [key: string]: unknown }): string[] {
  const rotates = type === "azurerm_kubernetes_cluster_node_pool" && typeof after?.temporary_name_for_rotation === "string";
  const entries = (FORCE_NEW[type] ?? (type.startsWith("azurerm_") ? PLACEMENT : [])).filter((entry) => !(rotates && ROTATED_WITH_TEMPORARY_POOL.has(entry)));
  const hits = changed.filter((change) =>
    entries.some((entry) => {
      if (change.path !== entry && !change.path.startsWith(`${entry}.`)) return false;
      return !(type.startsWith("azapi_") && entry === "type" && armType(change.before) === armType(change.after));
    }),
  );
  return [...new Set(hits.map((change) => change.path))];
}
