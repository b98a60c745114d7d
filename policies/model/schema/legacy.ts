import type { BlockSchema } from "./types";

/**
 * Attributes and blocks of azurerm 2.x and 3.x that 4.x removed, typed as those providers typed them, for the
 * resource types the rules read. Users bring Terraform and plans of every generation, so the model normalises
 * these too. Each entry was read in the provider source at the tag named beside it
 * (hashicorp/terraform-provider-azurerm, `internal/services/<service>/*_resource.go`).
 */
export const LEGACY_ATTRIBUTES: { readonly [type: string]: BlockSchema } = {
  azurerm_kubernetes_cluster: {
    // v2.99.0 kubernetes_addons.go: add-ons were blocks of addon_profile until 3.0.
    addon_profile: {
      aci_connector_linux: { enabled: "b", subnet_name: "s" },
      azure_keyvault_secrets_provider: { enabled: "b", secret_rotation_enabled: "b", secret_rotation_interval: "s" },
      azure_policy: { enabled: "b" },
      http_application_routing: { enabled: "b", http_application_routing_zone_name: "s" },
      ingress_application_gateway: { enabled: "b", gateway_id: "s", gateway_name: "s", subnet_cidr: "s", subnet_id: "s" },
      kube_dashboard: { enabled: "b" },
      oms_agent: { enabled: "b", log_analytics_workspace_id: "s" },
      open_service_mesh: { enabled: "b" },
    },
    // v2.99.0 kubernetes_cluster_resource.go: RBAC and Azure AD integration until 3.0.
    role_based_access_control: {
      enabled: "b",
      azure_active_directory: { admin_group_object_ids: "l:s", azure_rbac_enabled: "b", client_app_id: "s", managed: "b", server_app_id: "s", server_app_secret: "s", tenant_id: "s" },
    },
    // v2.99.0: the first name of private_cluster_enabled.
    private_link_enabled: "b",
    // v3.117.0 kubernetes_cluster_resource.go: renamed or removed in 4.0.
    api_server_authorized_ip_ranges: "l:s",
    automatic_channel_upgrade: "s",
    node_os_channel_upgrade: "s",
    enable_pod_security_policy: "b",
    public_network_access_enabled: "b",
    azure_active_directory_role_based_access_control: { client_app_id: "s", managed: "b", server_app_id: "s", server_app_secret: "s" },
    default_node_pool: { enable_auto_scaling: "b", enable_host_encryption: "b", enable_node_public_ip: "b" },
  },
  // v3.117.0 kubernetes_cluster_node_pool_resource.go.
  azurerm_kubernetes_cluster_node_pool: { enable_auto_scaling: "b", enable_host_encryption: "b", enable_node_public_ip: "b" },
  // v2.99.0 key_vault_resource.go: soft delete could be turned off until 3.0.
  azurerm_key_vault: { soft_delete_enabled: "b" },
  azurerm_storage_account: {
    // v2.99.0 storage_account_resource.go: renamed allow_nested_items_to_be_public in 3.0.
    allow_blob_public_access: "b",
    // v3.117.0: renamed https_traffic_only_enabled in 4.0.
    enable_https_traffic_only: "b",
  },
  // v2.99.0 storage_account_network_rules_resource.go: the account was named, not referenced by ID.
  azurerm_storage_account_network_rules: { storage_account_name: "s" },
  // v3.117.0 network_interface_resource.go: renamed in 4.0.
  azurerm_network_interface: { enable_accelerated_networking: "b", enable_ip_forwarding: "b" },
  // v3.117.0 container_registry_resource.go: retention and trust policies were blocks until 4.0.
  azurerm_container_registry: { retention_policy: { days: "n", enabled: "b" }, trust_policy: { enabled: "b" }, encryption: { enabled: "b" } },
  // v3.117.0 monitor_diagnostic_setting_resource.go: `log` blocks with an enabled flag and retention until 4.0.
  azurerm_monitor_diagnostic_setting: { log: { category: "s", category_group: "s", enabled: "b", retention_policy: { days: "n", enabled: "b" } } },
  // v3.117.0 network_watcher_flow_log_resource.go: NSG flow logs named their NSG here; 4.x has target_resource_id.
  azurerm_network_watcher_flow_log: { network_security_group_id: "s" },
  // v3.117.0 monitor_log_profile_resource.go: log profiles are gone from the 4.x bindings.
  azurerm_monitor_log_profile: { categories: "l:s", locations: "l:s", name: "s", servicebus_rule_id: "s", storage_account_id: "s", retention_policy: { days: "n", enabled: "b" } },
  // v3.117.0 machine_learning_workspace_resource.go: removed in 4.0.
  azurerm_machine_learning_workspace: { public_access_behind_virtual_network_enabled: "b" },
};
