import { Unknown, type ValueObject } from "../../policies/model";
import type { SecurityKind } from "../../review";
import { SCRUTINY_RULES } from "../../review/scrutiny/registry";
import { scrutinize } from "../../review/scrutiny/scrutinize";
import { change } from "./helpers";
import { pinToday } from "../support/today";

type Case = [description: string, type: string, before: ValueObject | null, after: ValueObject | null, expected: SecurityKind | undefined];

/** Runs one rule over one change; returns the kinds it reported. */
function kinds(ruleId: string, type: string, before: ValueObject | null, after: ValueObject | null, action?: "replace"): SecurityKind[] {
  const rule = SCRUTINY_RULES.find((candidate) => candidate.id === ruleId)!;
  const subject = change(type, before, after, action);
  scrutinize([subject], [rule]);
  return subject.security.map((note) => note.kind);
}

const ENDPOINT = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2022-10-01";
const endpoint = (properties: ValueObject): ValueObject => ({ type: ENDPOINT, name: "fhi-llm", body: { properties } });
const nsgRule = (over: ValueObject): ValueObject => ({
  name: "r", priority: 200, direction: "Inbound", access: "Allow", protocol: "Tcp", source_address_prefix: "10.0.0.0/16", destination_address_prefix: "*", destination_port_range: "443", ...over,
});

const waf = (over: ValueObject): ValueObject => ({
  name: "waf",
  mode: "Prevention",
  managed_rule: [{ type: "Microsoft_DefaultRuleSet", version: "2.1", action: "Block" }, { type: "Microsoft_BotManagerRuleSet", version: "1.1", action: "Block" }],
  custom_rule: [{ name: "RateLimitPerClientIp", type: "RateLimitRule", priority: 300, action: "Block", rate_limit_threshold: 600, rate_limit_duration_in_minutes: 1 }],
  ...over,
});
const rateLimit = (threshold: number, minutes = 1): ValueObject => ({ custom_rule: [{ name: "RateLimitPerClientIp", type: "RateLimitRule", action: "Block", rate_limit_threshold: threshold, rate_limit_duration_in_minutes: minutes }] });
const origin = (location: string, priority = 1): ValueObject => ({ name: `origin-${location}`, priority, private_link: { location, target_type: "Gateway" } });
const diagnostic = (bodyBytes: number): ValueObject => ({ identifier: "applicationinsights", frontend_request: { body_bytes: 0 }, backend_response: { body_bytes: bodyBytes } });
const apimDiagnostics = (logs: ValueObject[], target: ValueObject[string] = "${azurerm_api_management.gateway_apim_1A2B.id}"): ValueObject => ({
  name: "diag-apim",
  target_resource_id: target,
  enabled_log: logs,
});
const productPolicy = (tokensPerMinute: number, quota?: number): ValueObject => ({
  xml_content: `<policies><inbound><base /><llm-token-limit counter-key="@(context.Subscription.Id)" tokens-per-minute="${tokensPerMinute}"${quota === undefined ? "" : ` token-quota="${quota}"`} /></inbound></policies>`,
});


// Serving records (environments/schema/serving-record.ts) as the inference stack writes them into terraform_data.
const RECORD = "terraform_data";
const proven = { after: "pilot", minDaysServed: 14, servedSince: "2026-09-14", signedOffBy: "Dr Lars Eriksson <lars.eriksson@hospital.example>", signedOffAt: "2026-10-26", evaluation: "https://docs.hospital.example/e/1", provenOn: "2026-10-26" };
// Served in pilot from 2026-11-25: 14 days are up only on 2026-12-09.
const tooFresh = { ...proven, servedSince: "2026-11-25", provenOn: "2026-12-09" };
const unsigned = { after: "pilot", minDaysServed: 14, servedSince: "2026-09-14" };
const deployment = (release: string, trafficPercent: number, mirrorPercent = 0, evidence: ValueObject | null = proven): ValueObject => ({
  release,
  model: "clinical-llm v1",
  image: `model-server@sha256:${"3b".repeat(32)}`,
  trafficPercent,
  mirrorPercent,
  ...(evidence ? { evidence } : {}),
});
const STEPS: ValueObject[] = [{ kind: "shadow", percent: 10, bakeMinutes: 60 }, { kind: "canary", percent: 10, bakeMinutes: 120 }, { kind: "canary", percent: 50, bakeMinutes: 240 }, { kind: "full", bakeMinutes: 1440 }];
const plan = (step: number, gates: ValueObject = { p95LatencyMs: 4000, serverErrorPercent: 1 }): ValueObject => ({ current: "blue", next: "green", rollbackTo: "blue", step, steps: STEPS, gates });
const record = (deployments: ValueObject, rollout?: ValueObject): ValueObject => ({ input: { kind: "fhi.serving-record/v1", environment: "prod", endpoint: "fhi-llm-us", deployments, ...(rollout ? { rollout } : {}) } });
/** blue and green as rollout step `step` splits them, green running clinical-llm-2. */
const atStep = (step: number, green: { traffic: number; mirror: number } = [{ traffic: 0, mirror: 10 }, { traffic: 10, mirror: 0 }, { traffic: 50, mirror: 0 }, { traffic: 100, mirror: 0 }][step], gates?: ValueObject) =>
  record({ blue: deployment("clinical-llm-1", 100 - green.traffic), green: deployment("clinical-llm-2", green.traffic, green.mirror) }, plan(step, gates));

const CASES: Record<string, Case[]> = {
  "public-network-access": [
    ["key vault false -> true", "azurerm_key_vault", { public_network_access_enabled: false }, { public_network_access_enabled: true }, "broadening"],
    ["key vault attribute removed (provider default is enabled)", "azurerm_key_vault", { public_network_access_enabled: false }, {}, "broadening"],
    ["AML endpoint Disabled -> Enabled", "azapi_resource", endpoint({ publicNetworkAccess: "Disabled" }), endpoint({ publicNetworkAccess: "Enabled" }), "broadening"],
    ["storage created public", "azurerm_storage_account", null, { public_network_access_enabled: true }, "broadening"],
    ["registry true -> false", "azurerm_container_registry", { public_network_access_enabled: true }, { public_network_access_enabled: false }, "narrowing"],
    ["key vault unchanged closed", "azurerm_key_vault", { public_network_access_enabled: false, sku_name: "standard" }, { public_network_access_enabled: false, sku_name: "premium" }, undefined],
    ["key vault created closed", "azurerm_key_vault", null, { public_network_access_enabled: false }, undefined],
  ],
  "private-cluster": [
    ["private cluster turned off", "azurerm_kubernetes_cluster", { private_cluster_enabled: true }, { private_cluster_enabled: false }, "broadening"],
    ["public FQDN turned on", "azurerm_kubernetes_cluster", { private_cluster_enabled: true }, { private_cluster_enabled: true, private_cluster_public_fqdn_enabled: true }, "broadening"],
    ["private cluster kept", "azurerm_kubernetes_cluster", { private_cluster_enabled: true, sku_tier: "Free" }, { private_cluster_enabled: true, sku_tier: "Standard" }, undefined],
    ["private cluster turned on", "azurerm_kubernetes_cluster", { private_cluster_enabled: false }, { private_cluster_enabled: true }, "narrowing"],
  ],
  "network-default-action": [
    ["key vault ACL Deny -> Allow", "azurerm_key_vault", { network_acls: { default_action: "Deny", bypass: "None" } }, { network_acls: { default_action: "Allow", bypass: "None" } }, "broadening"],
    ["storage rules block removed", "azurerm_storage_account", { network_rules: [{ default_action: "Deny" }] }, {}, "broadening"],
    ["storage rules Deny kept", "azurerm_storage_account", { network_rules: { default_action: "Deny", bypass: ["AzureServices"] } }, { network_rules: { default_action: "Deny", bypass: [] } }, undefined],
    ["key vault ACL Allow -> Deny", "azurerm_key_vault", { network_acls: { default_action: "Allow" } }, { network_acls: { default_action: "Deny" } }, "narrowing"],
  ],
  "network-acl-entries": [
    ["IP range added to the vault firewall", "azurerm_key_vault", { network_acls: { ip_rules: ["10.1.0.0/24"] } }, { network_acls: { ip_rules: ["10.1.0.0/24", "203.0.113.0/24"] } }, "broadening"],
    ["same IP ranges reordered", "azurerm_key_vault", { network_acls: { ip_rules: ["10.1.0.0/24", "10.2.0.0/24"] } }, { network_acls: { ip_rules: ["10.2.0.0/24", "10.1.0.0/24"] } }, undefined],
    ["IP range removed", "azurerm_storage_account", { network_rules: { ip_rules: ["203.0.113.0/24"] } }, { network_rules: { ip_rules: [] } }, "narrowing"],
  ],
  "nsg-rule": [
    ["allow from Internet added", "azurerm_network_security_rule", null, nsgRule({ source_address_prefix: "Internet" }), "broadening"],
    ["allow from 0.0.0.0/0 added", "azurerm_network_security_rule", null, nsgRule({ source_address_prefix: "0.0.0.0/0" }), "broadening"],
    ["allow from ::/0 added", "azurerm_network_security_rule", null, nsgRule({ source_address_prefix: "::/0" }), "broadening"],
    ["allow from Any added", "azurerm_network_security_rule", null, nsgRule({ source_address_prefix: "Any" }), "broadening"],
    ["allow from * added", "azurerm_network_security_rule", null, nsgRule({ source_address_prefix: "*" }), "broadening"],
    ["allow from a public range added", "azurerm_network_security_rule", null, nsgRule({ source_address_prefixes: ["203.0.113.0/24"] }), "broadening"],
    ["private allow widened to SSH", "azurerm_network_security_rule", nsgRule({}), nsgRule({ destination_port_range: "20-30" }), "broadening"],
    ["private allow widened to a public source", "azurerm_network_security_rule", nsgRule({}), nsgRule({ source_address_prefix: "Internet" }), "broadening"],
    ["deny from Internet turned into allow", "azurerm_network_security_rule", nsgRule({ access: "Deny", source_address_prefix: "Internet" }), nsgRule({ source_address_prefix: "Internet" }), "broadening"],
    ["deny from Internet removed", "azurerm_network_security_rule", nsgRule({ access: "Deny", source_address_prefix: "Internet" }), null, "broadening"],
    ["inline security_rule widened", "azurerm_network_security_group", { security_rule: [nsgRule({})] }, { security_rule: [nsgRule({ source_address_prefix: "*" })] }, "broadening"],
    ["private HTTPS allow added is only notable", "azurerm_network_security_rule", null, nsgRule({}), "notable"],
    ["deny rule added", "azurerm_network_security_rule", null, nsgRule({ access: "Deny", source_address_prefix: "Internet" }), "narrowing"],
    ["public allow narrowed to a private source", "azurerm_network_security_rule", nsgRule({ source_address_prefix: "Internet" }), nsgRule({ source_address_prefix: "10.0.0.0/16" }), "narrowing"],
    ["description changed only", "azurerm_network_security_rule", nsgRule({ description: "a" }), nsgRule({ description: "b" }), undefined],
  ],
  "role-assignment": [
    ["assignment added", "azurerm_role_assignment", null, { role_definition_name: "Key Vault Secrets User", principal_id: "p", scope: "s" }, "broadening"],
    ["assignment re-created with another role", "azurerm_role_assignment", { role_definition_name: "Reader", principal_id: "p", scope: "s" }, { role_definition_name: "Contributor", principal_id: "p", scope: "s" }, "broadening"],
    ["assignment removed", "azurerm_role_assignment", { role_definition_name: "Owner", principal_id: "p", scope: "s" }, null, "narrowing"],
    ["assignment moved only (no attribute change)", "azurerm_role_assignment", { role_definition_name: "Owner", principal_id: "p", scope: "s" }, { role_definition_name: "Owner", principal_id: "p", scope: "s" }, undefined],
  ],
  "purge-protection-soft-delete": [
    ["purge protection removed", "azurerm_key_vault", { purge_protection_enabled: true }, { purge_protection_enabled: false }, "broadening"],
    ["soft-delete retention shortened", "azurerm_key_vault", { soft_delete_retention_days: 90 }, { soft_delete_retention_days: 7 }, "broadening"],
    ["blob soft delete removed", "azurerm_storage_account", { blob_properties: { delete_retention_policy: { days: 30 } } }, { blob_properties: {} }, "broadening"],
    ["purge protection kept", "azurerm_key_vault", { purge_protection_enabled: true, sku_name: "standard" }, { purge_protection_enabled: true, sku_name: "premium" }, undefined],
    ["vault created without purge protection is for the policy pack, not the diff", "azurerm_key_vault", null, { purge_protection_enabled: false }, undefined],
  ],
  "resource-lock": [
    ["delete lock removed (16 prod locks passed quietly before)", "azurerm_management_lock", { name: "lock-kv", lock_level: "CanNotDelete", scope: "${azurerm_key_vault.vault.id}" }, null, "broadening"],
    ["read-only lock weakened to delete lock", "azurerm_management_lock", { name: "l", lock_level: "ReadOnly", scope: "s" }, { name: "l", lock_level: "CanNotDelete", scope: "s" }, "broadening"],
    ["lock notes changed", "azurerm_management_lock", { name: "l", lock_level: "CanNotDelete", scope: "s", notes: "a" }, { name: "l", lock_level: "CanNotDelete", scope: "s", notes: "b" }, undefined],
    ["lock added", "azurerm_management_lock", null, { name: "l", lock_level: "CanNotDelete", scope: "s" }, "narrowing"],
  ],
  "key-vault-sku": [
    ["premium -> standard (HSM keys lost)", "azurerm_key_vault", { sku_name: "premium" }, { sku_name: "standard" }, "broadening"],
    ["premium kept", "azurerm_key_vault", { sku_name: "premium", tags: { a: "1" } }, { sku_name: "premium", tags: { a: "2" } }, undefined],
    ["standard -> premium", "azurerm_key_vault", { sku_name: "standard" }, { sku_name: "premium" }, "narrowing"],
  ],
  "log-retention": [
    ["Log Analytics retention lowered", "azurerm_log_analytics_workspace", { retention_in_days: 90 }, { retention_in_days: 30 }, "broadening"],
    ["Application Insights retention removed (provider default 90)", "azurerm_application_insights", { retention_in_days: 730 }, {}, "broadening"],
    ["retention kept", "azurerm_log_analytics_workspace", { retention_in_days: 90, sku: "PerGB2018" }, { retention_in_days: 90, sku: "CapacityReservation" }, undefined],
    ["retention raised", "azurerm_log_analytics_workspace", { retention_in_days: 30 }, { retention_in_days: 365 }, "narrowing"],
  ],
  "diagnostic-settings": [
    ["diagnostic setting removed", "azurerm_monitor_diagnostic_setting", { name: "diag-kv", target_resource_id: "${azurerm_key_vault.vault.id}", enabled_log: [{ category_group: "audit" }] }, null, "broadening"],
    ["diagnostic setting changed in place", "azurerm_monitor_diagnostic_setting", { name: "d", enabled_metric: [] }, { name: "d", enabled_metric: [{ category: "AllMetrics" }] }, undefined],
    ["diagnostic setting added", "azurerm_monitor_diagnostic_setting", null, { name: "d", target_resource_id: "t" }, "narrowing"],
  ],
  "rbac-authorization": [
    ["vault RBAC off (4.x name)", "azurerm_key_vault", { rbac_authorization_enabled: true }, { rbac_authorization_enabled: false }, "broadening"],
    ["vault RBAC off (3.x name)", "azurerm_key_vault", { enable_rbac_authorization: true }, { enable_rbac_authorization: false }, "broadening"],
    ["AKS Azure RBAC off", "azurerm_kubernetes_cluster", { azure_active_directory_role_based_access_control: { azure_rbac_enabled: true } }, { azure_active_directory_role_based_access_control: { azure_rbac_enabled: false } }, "broadening"],
    ["vault renames the attribute, same value", "azurerm_key_vault", { enable_rbac_authorization: true }, { rbac_authorization_enabled: true }, undefined],
  ],
  "high-business-impact": [
    ["HBI removed", "azurerm_machine_learning_workspace", { high_business_impact: true }, { high_business_impact: false }, "broadening"],
    ["HBI kept", "azurerm_machine_learning_workspace", { high_business_impact: true, friendly_name: "a" }, { high_business_impact: true, friendly_name: "b" }, undefined],
  ],
  "customer-managed-key": [
    ["storage CMK removed", "azurerm_storage_account", { customer_managed_key: { key_vault_key_id: new Unknown("${azurerm_key_vault_key.k.versionless_id}") } }, {}, "broadening"],
    ["AKS disk encryption set removed", "azurerm_kubernetes_cluster", { disk_encryption_set_id: "/subscriptions/x/des" }, {}, "broadening"],
    ["ACR CMK key rotated to another key", "azurerm_container_registry", { encryption: [{ key_vault_key_id: new Unknown("${a.b.id}") }] }, { encryption: [{ key_vault_key_id: new Unknown("${c.d.id}") }] }, undefined],
    ["AML CMK added", "azurerm_machine_learning_workspace", {}, { encryption: { key_id: "https://kv/keys/k" } }, "narrowing"],
  ],
  "host-encryption": [
    ["node pool host encryption off", "azurerm_kubernetes_cluster_node_pool", { host_encryption_enabled: true }, { host_encryption_enabled: false }, "broadening"],
    ["system pool host encryption removed", "azurerm_kubernetes_cluster", { default_node_pool: { host_encryption_enabled: true } }, { default_node_pool: {} }, "broadening"],
    ["node pool host encryption kept", "azurerm_kubernetes_cluster_node_pool", { host_encryption_enabled: true, max_count: 2 }, { host_encryption_enabled: true, max_count: 4 }, undefined],
  ],
  "local-auth": [
    ["ACR admin user enabled", "azurerm_container_registry", { admin_enabled: false }, { admin_enabled: true }, "broadening"],
    ["storage shared keys back on by removing the attribute", "azurerm_storage_account", { shared_access_key_enabled: false }, {}, "broadening"],
    ["AKS local accounts re-enabled", "azurerm_kubernetes_cluster", { local_account_disabled: true }, { local_account_disabled: false }, "broadening"],
    ["AML compute local auth enabled", "azapi_resource", { type: "Microsoft.MachineLearningServices/workspaces/computes@2022-10-01", body: { properties: { disableLocalAuth: true } } }, { type: "Microsoft.MachineLearningServices/workspaces/computes@2022-10-01", body: { properties: { disableLocalAuth: false } } }, "broadening"],
    ["ACR admin user stays off", "azurerm_container_registry", { admin_enabled: false, sku: "Standard" }, { admin_enabled: false, sku: "Premium" }, undefined],
    ["storage shared keys turned off", "azurerm_storage_account", { shared_access_key_enabled: true }, { shared_access_key_enabled: false }, "narrowing"],
  ],
  "anonymous-access": [
    ["ACR anonymous pull on", "azurerm_container_registry", { anonymous_pull_enabled: false }, { anonymous_pull_enabled: true }, "broadening"],
    ["container made public", "azurerm_storage_container", { container_access_type: "private" }, { container_access_type: "blob" }, "broadening"],
    ["container stays private", "azurerm_storage_container", {}, { container_access_type: "private" }, undefined],
  ],
  "tls-minimum": [
    ["storage TLS 1.2 -> 1.0", "azurerm_storage_account", { min_tls_version: "TLS1_2" }, { min_tls_version: "TLS1_0" }, "broadening"],
    ["redis created with TLS 1.0", "azurerm_redis_cache", null, { minimum_tls_version: "1.0" }, "broadening"],
    ["storage HTTPS only off", "azurerm_storage_account", { https_traffic_only_enabled: true }, { https_traffic_only_enabled: false }, "broadening"],
    ["storage TLS 1.2 -> 1.3", "azurerm_storage_account", { min_tls_version: "TLS1_2" }, { min_tls_version: "TLS1_3" }, "narrowing"],
    ["storage TLS explicit default", "azurerm_storage_account", {}, { min_tls_version: "TLS1_2" }, undefined],
  ],
  "managed-network": [
    ["approved outbound -> internet outbound", "azurerm_machine_learning_workspace", { managed_network: { isolation_mode: "AllowOnlyApprovedOutbound" } }, { managed_network: { isolation_mode: "AllowInternetOutbound" } }, "broadening"],
    ["managed network removed", "azurerm_machine_learning_workspace", { managed_network: { isolation_mode: "AllowInternetOutbound" } }, {}, "broadening"],
    ["approved outbound kept", "azurerm_machine_learning_workspace", { managed_network: { isolation_mode: "AllowOnlyApprovedOutbound" } }, { managed_network: { isolation_mode: "AllowOnlyApprovedOutbound" }, friendly_name: "x" }, undefined],
    ["internet outbound -> approved outbound", "azurerm_machine_learning_workspace", { managed_network: { isolation_mode: "AllowInternetOutbound" } }, { managed_network: { isolation_mode: "AllowOnlyApprovedOutbound" } }, "narrowing"],
  ],
  "endpoint-auth-mode": [
    ["AADToken -> Key", "azapi_resource", endpoint({ authMode: "AADToken" }), endpoint({ authMode: "Key" }), "broadening"],
    ["AADToken -> AMLToken", "azapi_resource", endpoint({ authMode: "AADToken" }), endpoint({ authMode: "AMLToken" }), "broadening"],
    ["endpoint created with key auth", "azapi_resource", null, endpoint({ authMode: "Key", publicNetworkAccess: "Disabled" }), "broadening"],
    ["AADToken kept", "azapi_resource", endpoint({ authMode: "AADToken", description: "a" }), endpoint({ authMode: "AADToken", description: "b" }), undefined],
    ["Key -> AADToken", "azapi_resource", endpoint({ authMode: "Key" }), endpoint({ authMode: "AADToken" }), "narrowing"],
    ["auth mode of another ARM type is not read", "azapi_resource", { type: "Microsoft.Web/sites@2022-03-01", body: { properties: { authMode: "AADToken" } } }, { type: "Microsoft.Web/sites@2022-03-01", body: { properties: { authMode: "Key" } } }, undefined],
  ],
  "waf-mode": [
    ["Front Door WAF Prevention -> Detection", "azurerm_cdn_frontdoor_firewall_policy", waf({}), waf({ mode: "Detection" }), "broadening"],
    ["Front Door WAF disabled", "azurerm_cdn_frontdoor_firewall_policy", waf({}), waf({ enabled: false }), "broadening"],
    ["Front Door WAF Detection -> Prevention", "azurerm_cdn_frontdoor_firewall_policy", waf({ mode: "Detection" }), waf({}), "narrowing"],
    ["Prevention kept", "azurerm_cdn_frontdoor_firewall_policy", waf({}), waf({ custom_block_response_status_code: 403 }), undefined],
  ],
  "waf-managed-rule-sets": [
    ["bot manager rule set removed", "azurerm_cdn_frontdoor_firewall_policy", waf({}), waf({ managed_rule: [{ type: "Microsoft_DefaultRuleSet", version: "2.1", action: "Block" }] }), "broadening"],
    ["default rule set version bumped", "azurerm_cdn_frontdoor_firewall_policy", waf({}), waf({ managed_rule: [{ type: "Microsoft_DefaultRuleSet", version: "2.2", action: "Block" }, { type: "Microsoft_BotManagerRuleSet", version: "1.1", action: "Block" }] }), undefined],
    ["bot manager rule set added", "azurerm_cdn_frontdoor_firewall_policy", waf({ managed_rule: [{ type: "Microsoft_DefaultRuleSet", version: "2.1", action: "Block" }] }), waf({}), "narrowing"],
  ],
  "waf-rate-limit": [
    ["rate limit raised", "azurerm_cdn_frontdoor_firewall_policy", waf(rateLimit(600)), waf(rateLimit(1200)), "broadening"],
    ["rate limit removed", "azurerm_cdn_frontdoor_firewall_policy", waf(rateLimit(600)), waf({ custom_rule: [] }), "broadening"],
    ["same rate over a longer window", "azurerm_cdn_frontdoor_firewall_policy", waf(rateLimit(600)), waf(rateLimit(3000, 5)), undefined],
    ["rate limit lowered", "azurerm_cdn_frontdoor_firewall_policy", waf(rateLimit(600)), waf(rateLimit(300)), "narrowing"],
  ],
  "geography-failover": [
    ["failover origin in another geography added", "azurerm_cdn_frontdoor_origin", null, origin("eastus2", 2), "broadening"],
    ["origin moved from the EU to the US", "azurerm_cdn_frontdoor_origin", origin("swedencentral"), origin("eastus2"), "broadening"],
    ["origin of the geography itself added", "azurerm_cdn_frontdoor_origin", null, origin("westeurope"), undefined],
    ["origin moved within the EU", "azurerm_cdn_frontdoor_origin", origin("swedencentral"), origin("westeurope"), undefined],
  ],
  "llm-logging": [
    ["GatewayLlmLogs category added", "azurerm_monitor_diagnostic_setting", apimDiagnostics([{ category: "GatewayLogs" }]), apimDiagnostics([{ category: "GatewayLogs" }, { category: "GatewayLlmLogs" }]), "broadening"],
    ["allLogs group on API Management (by ARM ID) created", "azurerm_monitor_diagnostic_setting", null, apimDiagnostics([{ category_group: "allLogs" }], "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ApiManagement/service/apim"), "broadening"],
    ["allLogs group on API Management (by reference, unknown until apply)", "azurerm_monitor_diagnostic_setting", apimDiagnostics([{ category: "GatewayLogs" }]), apimDiagnostics([{ category_group: "allLogs" }], new Unknown("${azurerm_api_management.gateway_apim_1A2B.id}")), "broadening"],
    ["allLogs group on a key vault is not LLM logging", "azurerm_monitor_diagnostic_setting", null, apimDiagnostics([{ category_group: "allLogs" }], "${azurerm_key_vault.vault.id}"), undefined],
    ["GatewayLogs only, retention changed", "azurerm_monitor_diagnostic_setting", apimDiagnostics([{ category: "GatewayLogs" }]), { ...apimDiagnostics([{ category: "GatewayLogs" }]), log_analytics_destination_type: "Dedicated" }, undefined],
    ["GatewayLlmLogs removed", "azurerm_monitor_diagnostic_setting", apimDiagnostics([{ category: "GatewayLlmLogs" }]), apimDiagnostics([{ category: "GatewayLogs" }]), "narrowing"],
  ],
  "body-logging": [
    ["response bodies logged", "azurerm_api_management_diagnostic", diagnostic(0), diagnostic(8192), "broadening"],
    ["diagnostic created logging bodies", "azurerm_api_management_api_diagnostic", null, diagnostic(1024), "broadening"],
    ["tracing allowed on a subscription", "azurerm_api_management_subscription", { allow_tracing: false }, { allow_tracing: true }, "broadening"],
    ["diagnostic created without bodies", "azurerm_api_management_diagnostic", null, diagnostic(0), undefined],
    ["body logging turned off", "azurerm_api_management_diagnostic", diagnostic(8192), diagnostic(0), "narrowing"],
  ],
  "token-limit": [
    ["tokens per minute raised", "azurerm_api_management_product_policy", productPolicy(5000), productPolicy(20000), "broadening"],
    ["monthly quota removed", "azurerm_api_management_product_policy", productPolicy(5000, 1000000), productPolicy(5000), "broadening"],
    ["limit raised inside a policy with cross-stack references", "azurerm_api_management_product_policy", { xml_content: new Unknown(String(productPolicy(5000).xml_content)) }, { xml_content: new Unknown(String(productPolicy(9000).xml_content)) }, "broadening"],
    ["limit unchanged", "azurerm_api_management_product_policy", productPolicy(5000), productPolicy(5000), undefined],
    ["tokens per minute lowered", "azurerm_api_management_product_policy", productPolicy(5000), productPolicy(1000), "narrowing"],
  ],
  "release-change": [
    ["blue moves to another release", RECORD, record({ blue: deployment("clinical-llm-1", 100) }), record({ blue: deployment("clinical-llm-2", 100) }), "notable"],
    ["green added with the next release", RECORD, record({ blue: deployment("clinical-llm-1", 100) }), record({ blue: deployment("clinical-llm-1", 100), green: deployment("clinical-llm-2", 0) }), "notable"],
    ["traffic moves, releases stay", RECORD, atStep(0), atStep(1), undefined],
    ["another terraform_data", RECORD, { input: "a" }, { input: "b" }, undefined],
  ],
  "unproven-release-traffic": [
    ["canary traffic to a release that served in pilot too few days", RECORD, record({ blue: deployment("clinical-llm-1", 100), green: deployment("clinical-llm-2", 0, 0, tooFresh) }), record({ blue: deployment("clinical-llm-1", 90), green: deployment("clinical-llm-2", 10, 0, tooFresh) }), "broadening"],
    ["a shadow copy of patients' requests to a release without a prod sign-off", RECORD, record({ blue: deployment("clinical-llm-1", 100), green: deployment("clinical-llm-2", 0, 0, unsigned) }), record({ blue: deployment("clinical-llm-1", 100), green: deployment("clinical-llm-2", 0, 10, unsigned) }), "broadening"],
    ["an unproven release put on the deployment that serves", RECORD, record({ blue: deployment("clinical-llm-1", 100) }), record({ blue: deployment("clinical-llm-2", 100, 0, tooFresh) }), "broadening"],
    ["a proven release gets traffic", RECORD, atStep(1), atStep(2), undefined],
    ["an unproven release beside, without traffic", RECORD, record({ blue: deployment("clinical-llm-1", 100) }), record({ blue: deployment("clinical-llm-1", 100), green: deployment("clinical-llm-2", 0, 0, tooFresh) }), undefined],
    ["no promotion gate (dev)", RECORD, record({ blue: deployment("clinical-llm-1", 100, 0, null) }), record({ blue: deployment("clinical-llm-2", 100, 0, null) }), undefined],
  ],
  "rollout-step": [
    ["one step: shadow to canary 10 %", RECORD, atStep(0), atStep(1), undefined],
    ["two steps at once: shadow to canary 50 %", RECORD, atStep(0), atStep(2), "broadening"],
    ["one step in the index, but more traffic than that step gives", RECORD, atStep(0), atStep(1, { traffic: 50, mirror: 0 }), "broadening"],
    ["a step back", RECORD, atStep(2), atStep(1), "narrowing"],
    ["a new rollout that starts at canary 50 %", RECORD, record({ blue: deployment("clinical-llm-1", 100), green: deployment("clinical-llm-2", 0) }), atStep(2), "broadening"],
    ["a new rollout that starts at its first step", RECORD, record({ blue: deployment("clinical-llm-1", 100), green: deployment("clinical-llm-2", 0) }), atStep(0), undefined],
    ["the plan removed once full: the rollout completed", RECORD, atStep(3), record({ blue: deployment("clinical-llm-1", 0), green: deployment("clinical-llm-2", 100) }), "notable"],
    ["the plan removed at canary 10 % with green taking everything", RECORD, atStep(1), record({ blue: deployment("clinical-llm-1", 0), green: deployment("clinical-llm-2", 100) }), "broadening"],
    ["the plan removed at canary 10 % with traffic back on blue", RECORD, atStep(1), record({ blue: deployment("clinical-llm-1", 100), green: deployment("clinical-llm-2", 0) }), "narrowing"],
    ["no plan: green from 0 to 100 % in a gated environment", RECORD, record({ blue: deployment("clinical-llm-1", 100), green: deployment("clinical-llm-2", 0) }), record({ blue: deployment("clinical-llm-1", 0), green: deployment("clinical-llm-2", 100) }), "broadening"],
    ["no plan and no gate (dev): a traffic shift", RECORD, record({ blue: deployment("a", 100, 0, null), green: deployment("b", 0, 0, null) }), record({ blue: deployment("a", 0, 0, null), green: deployment("b", 100, 0, null) }), undefined],
  ],
  "rollout-gates": [
    ["a gate removed", RECORD, atStep(1), atStep(1, undefined, { p95LatencyMs: 4000 }), "broadening"],
    ["a gate loosened: p95 4000 -> 8000 ms", RECORD, atStep(1), atStep(1, undefined, { p95LatencyMs: 8000, serverErrorPercent: 1 }), "broadening"],
    ["a gate tightened: 5xx 1 -> 0.5 %", RECORD, atStep(1), atStep(1, undefined, { p95LatencyMs: 4000, serverErrorPercent: 0.5 }), "narrowing"],
    ["a gate added", RECORD, atStep(1), atStep(1, undefined, { p95LatencyMs: 4000, serverErrorPercent: 1, gpuSaturationPercent: 90 }), "narrowing"],
    ["gates unchanged while the rollout advances", RECORD, atStep(1), atStep(2), undefined],
    ["the plan and its gates removed at canary while green still takes traffic", RECORD, atStep(1), record({ blue: deployment("clinical-llm-1", 90), green: deployment("clinical-llm-2", 10) }), "broadening"],
    ["the plan removed once full", RECORD, atStep(3), record({ blue: deployment("clinical-llm-1", 0), green: deployment("clinical-llm-2", 100) }), undefined],
  ],
};

test("every rule in the registry has cases here, and every case list has a broadening (or notable) and a quiet case", () => {
  const withCases = SCRUTINY_RULES.map((rule) => rule.id).filter((id) => id !== "model-image");
  expect(Object.keys(CASES).sort()).toEqual(withCases.sort());
  for (const cases of Object.values(CASES)) {
    expect(cases.some((entry) => entry[4] === "broadening" || entry[4] === "notable")).toBe(true);
    expect(cases.some((entry) => entry[4] === undefined || entry[4] === "narrowing")).toBe(true);
  }
});

// The promotion gates are judged on the review's day; pinned so the cases hold on any day they run.
pinToday("2026-12-01");

describe.each(Object.entries(CASES))("%s", (ruleId, cases) => {
  test.each(cases)("%s", (_description, type, before, after, expected) => {
    const action = ruleId === "role-assignment" && before !== null && after !== null && before.role_definition_name !== after.role_definition_name ? "replace" : undefined;
    expect(kinds(ruleId, type, before, after, action)).toEqual(expected === undefined ? [] : [expected]);
  });
});

test("a value that is an expression on one side is notable, not a pass", () => {
  expect(kinds("public-network-access", "azurerm_key_vault", { public_network_access_enabled: false }, { public_network_access_enabled: new Unknown("${var.public}") })).toEqual(["notable"]);
});

describe("model-image", () => {
  const DIGEST_A = `sha256:${"a".repeat(64)}`;
  const DIGEST_B = `sha256:${"b".repeat(64)}`;
  const version = (digest: string): ValueObject => ({
    type: "Microsoft.MachineLearningServices/workspaces/environments/versions@2022-10-01",
    parent_id: new Unknown("${azapi_resource.env.id}"),
    body: { properties: { image: new Unknown(`\${azurerm_container_registry.acr.login_server}/model-server@${digest}`) } },
  });

  test("a new environment version replacing an old digest is notable, never broadening", () => {
    const created = change("azapi_resource", null, version(DIGEST_B));
    const destroyed = { ...change("azapi_resource", version(DIGEST_A), null), address: "azapi_resource.old" };
    scrutinize([created, destroyed]);
    expect(created.security).toEqual([{ kind: "notable", rule: "model-image", reason: "model-server image model-server digest sha256:aaaaaaaaaaaa -> sha256:bbbbbbbbbbbb (new environment version)" }]);
    expect(destroyed.security).toEqual([]);
  });

  test("a digest changed in place is notable; the same digest is nothing", () => {
    const updated = { ...change("azurerm_container_app", { image: `acr.io/model-server@${DIGEST_A}` }, { image: `acr.io/model-server@${DIGEST_B}` }), attributes: [{ path: "image", before: `acr.io/model-server@${DIGEST_A}`, after: `acr.io/model-server@${DIGEST_B}` }] };
    const same = { ...change("azurerm_container_app", { image: `acr.io/model-server@${DIGEST_A}`, cpu: 1 }, { image: `acr.io/model-server@${DIGEST_A}`, cpu: 2 }), attributes: [{ path: "cpu", before: 1, after: 2 }] };
    scrutinize([updated, same]);
    expect(updated.security.map((note) => note.kind)).toEqual(["notable"]);
    expect(same.security).toEqual([]);
  });
});
