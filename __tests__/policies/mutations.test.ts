import { buildModel, type RawResource } from "../../policies/adapters/raw";
import { readCdktfStack, type CdktfStackDocument } from "../../policies/adapters/cdktf-out";
import type { ResourceModel } from "../../policies/model";
import { evaluate } from "../../policies/engine/evaluate";
import { HIPAA_AZURE_PACK } from "../../policies/pack";
import { synthesizeEstate, type SynthesizedEstate } from "../support/synthesized";

type Body = Record<string, unknown>;
const DELETE = Symbol("delete");

/**
 * A security control our constructs set, and how to break it in the synthesized JSON: on every resource of
 * `type` (narrowed by `where`), set `path` to `value` (or delete it), or delete every resource of `type`
 * that refers to the subject. The rule must then fail for every subject of `rule`.
 */
interface Mutation {
  readonly rule: string;
  /** Resource type the rule judges. */
  readonly subject: string;
  /** Only subjects whose synthesized body matches (e.g. managed online endpoints). */
  readonly where?: (body: Body) => boolean;
  /** Break an attribute of the subject (and the `alsoRemove` attributes that provide the same control)... */
  readonly path?: string;
  readonly value?: unknown;
  readonly alsoRemove?: readonly string[];
  /** ...or remove the related resources of this type (private endpoints, diagnostic settings, associations). */
  readonly removeType?: string;
  /** The type whose results must fail when it is not `subject`: the parent whose effective view a child changes. */
  readonly judgedOn?: string;
  /** Why our output leaves the control unknown until apply (a variable), rather than passing, before the mutation. */
  readonly unknownBefore?: string;
}

const arm = (type: string) => (body: Body) => typeof body.type === "string" && body.type.startsWith(`${type}@`);
const targets = (type: string) => (body: Body) => typeof body.target_resource_id === "string" && body.target_resource_id.startsWith(`\${${type}.`);
const managedEndpoint = (body: Body) => arm("Microsoft.MachineLearningServices/workspaces/onlineEndpoints")(body) && (body.body as { properties?: { compute?: unknown } })?.properties?.compute === undefined;
const managedDeployment = (body: Body) => (body.body as { properties?: { endpointComputeType?: string } })?.properties?.endpointComputeType === "Managed";

const CONTROLS: readonly Mutation[] = [
  { rule: "FHI-AKS-001", subject: "azurerm_kubernetes_cluster", path: "private_cluster_enabled", value: false },
  { rule: "FHI-AKS-002", subject: "azurerm_kubernetes_cluster", path: "role_based_access_control_enabled", value: false },
  { rule: "FHI-AKS-003", subject: "azurerm_kubernetes_cluster", path: "azure_active_directory_role_based_access_control.azure_rbac_enabled", value: false },
  { rule: "FHI-AKS-004", subject: "azurerm_kubernetes_cluster", path: "local_account_disabled", value: false },
  { rule: "FHI-AKS-005", subject: "azurerm_kubernetes_cluster", path: "network_profile.network_policy", value: DELETE },
  { rule: "FHI-AKS-006", subject: "azurerm_kubernetes_cluster", path: "azure_policy_enabled", value: false },
  { rule: "FHI-AKS-007", subject: "azurerm_kubernetes_cluster", path: "private_cluster_enabled", value: false },
  { rule: "FHI-AKS-008", subject: "azurerm_kubernetes_cluster", path: "default_node_pool.node_public_ip_enabled", value: true },
  { rule: "FHI-AKS-009", subject: "azurerm_kubernetes_cluster", path: "default_node_pool.host_encryption_enabled", value: false },
  { rule: "FHI-AKS-010", subject: "azurerm_kubernetes_cluster", path: "disk_encryption_set_id", value: DELETE },
  { rule: "FHI-AKS-011", subject: "azurerm_kubernetes_cluster", path: "oms_agent", value: DELETE },
  { rule: "FHI-AKS-012", subject: "azurerm_kubernetes_cluster", path: "automatic_upgrade_channel", value: "none" },
  { rule: "FHI-AKS-013", subject: "azurerm_kubernetes_cluster", path: "default_node_pool.os_disk_type", value: "Managed" },
  { rule: "FHI-AKS-014", subject: "azurerm_kubernetes_cluster", path: "default_node_pool.only_critical_addons_enabled", value: false },
  { rule: "FHI-AKS-015", subject: "azurerm_kubernetes_cluster", path: "http_application_routing_enabled", value: true },
  { rule: "FHI-AKS-016", subject: "azurerm_kubernetes_cluster", path: "sku_tier", value: "Free" },
  { rule: "FHI-AKS-017", subject: "azurerm_kubernetes_cluster", path: "microsoft_defender", value: DELETE },
  { rule: "FHI-AKS-018", subject: "azurerm_kubernetes_cluster", path: "workload_identity_enabled", value: false },
  { rule: "FHI-AKS-019", subject: "azurerm_kubernetes_cluster", path: "network_profile.network_plugin", value: "kubenet" },
  { rule: "FHI-AKS-020", subject: "azurerm_kubernetes_cluster", path: "key_vault_secrets_provider.secret_rotation_enabled", value: false },
  { rule: "FHI-AKS-021", subject: "azurerm_kubernetes_cluster", path: "node_os_upgrade_channel", value: "None" },
  { rule: "FHI-AKS-101", subject: "azurerm_kubernetes_cluster_node_pool", path: "node_public_ip_enabled", value: true },
  { rule: "FHI-AKS-102", subject: "azurerm_kubernetes_cluster_node_pool", path: "host_encryption_enabled", value: false },
  { rule: "FHI-AKS-103", subject: "azurerm_kubernetes_cluster_node_pool", path: "vnet_subnet_id", value: DELETE },

  { rule: "FHI-KV-001", subject: "azurerm_key_vault", path: "purge_protection_enabled", value: false },
  { rule: "FHI-KV-002", subject: "azurerm_key_vault", path: "soft_delete_retention_days", value: 3 },
  { rule: "FHI-KV-003", subject: "azurerm_key_vault", path: "rbac_authorization_enabled", value: false },
  { rule: "FHI-KV-004", subject: "azurerm_key_vault", path: "public_network_access_enabled", value: true },
  { rule: "FHI-KV-005", subject: "azurerm_key_vault", path: "network_acls.default_action", value: "Allow" },
  { rule: "FHI-KV-006", subject: "azurerm_key_vault", removeType: "azurerm_private_endpoint" },
  // Our keys are created through ARM (constructs/key-vault/encryption-key.ts).
  { rule: "FHI-KV-101", subject: "azapi_resource", where: arm("Microsoft.KeyVault/vaults/keys"), path: "body.properties.attributes.exp", value: DELETE },
  { rule: "FHI-KV-102", subject: "azapi_resource", where: arm("Microsoft.KeyVault/vaults/keys"), path: "body.properties.rotationPolicy.lifetimeActions", value: [{ trigger: { timeBeforeExpiry: "P30D" }, action: { type: "notify" } }] },
  { rule: "FHI-KV-103", subject: "azapi_resource", where: arm("Microsoft.KeyVault/vaults/keys"), path: "body.properties.kty", value: "RSA" },
  { rule: "FHI-KV-104", subject: "azapi_resource", where: arm("Microsoft.KeyVault/vaults/keys"), path: "body.properties.keySize", value: 1024 },

  { rule: "FHI-ACR-001", subject: "azurerm_container_registry", path: "admin_enabled", value: true },
  { rule: "FHI-ACR-002", subject: "azurerm_container_registry", path: "anonymous_pull_enabled", value: true },
  { rule: "FHI-ACR-003", subject: "azurerm_container_registry", path: "public_network_access_enabled", value: true },
  { rule: "FHI-ACR-004", subject: "azurerm_container_registry", path: "sku", value: "Standard" },
  { rule: "FHI-ACR-005", subject: "azurerm_container_registry", path: "encryption", value: DELETE },
  { rule: "FHI-ACR-006", subject: "azurerm_container_registry", path: "retention_policy_in_days", value: DELETE },
  { rule: "FHI-ACR-007", subject: "azurerm_container_registry", removeType: "azurerm_private_endpoint" },
  { rule: "FHI-ACR-008", subject: "azurerm_container_registry", path: "export_policy_enabled", value: true },
  { rule: "FHI-LOCK-001", subject: "azurerm_container_registry", removeType: "azurerm_management_lock" },
  { rule: "FHI-LOCK-001", subject: "azurerm_key_vault", removeType: "azurerm_management_lock" },
  { rule: "FHI-LOCK-001", subject: "azurerm_storage_account", removeType: "azurerm_management_lock" },

  { rule: "FHI-ST-001", subject: "azurerm_storage_account", path: "https_traffic_only_enabled", value: false },
  { rule: "FHI-ST-002", subject: "azurerm_storage_account", path: "min_tls_version", value: "TLS1_0" },
  { rule: "FHI-ST-003", subject: "azurerm_storage_account", path: "public_network_access_enabled", value: true },
  { rule: "FHI-ST-004", subject: "azurerm_storage_account", path: "network_rules.default_action", value: "Allow" },
  { rule: "FHI-ST-005", subject: "azurerm_storage_account", path: "allow_nested_items_to_be_public", value: true },
  { rule: "FHI-ST-006", subject: "azurerm_storage_account", path: "shared_access_key_enabled", value: true },
  { rule: "FHI-ST-007", subject: "azurerm_storage_account", path: "blob_properties.delete_retention_policy", value: DELETE },
  { rule: "FHI-ST-008", subject: "azurerm_storage_account", path: "blob_properties.container_delete_retention_policy", value: DELETE },
  { rule: "FHI-ST-009", subject: "azurerm_storage_account", path: "customer_managed_key", value: DELETE },
  { rule: "FHI-ST-010", subject: "azurerm_storage_account", removeType: "azurerm_private_endpoint" },
  { rule: "FHI-ST-011", subject: "azurerm_storage_account", path: "infrastructure_encryption_enabled", value: false },
  { rule: "FHI-ST-012", subject: "azurerm_storage_account", path: "local_user_enabled", value: true },
  { rule: "FHI-ST-013", subject: "azurerm_storage_container", path: "container_access_type", value: "container" },
  { rule: "FHI-ST-014", subject: "azurerm_storage_account", path: "cross_tenant_replication_enabled", value: true },
  { rule: "FHI-ST-015", subject: "azurerm_storage_account", path: "default_to_oauth_authentication", value: false },
  { rule: "FHI-ST-016", subject: "azurerm_storage_account", where: (body) => body.blob_properties !== undefined, path: "blob_properties.versioning_enabled", value: false },

  { rule: "FHI-AML-001", subject: "azurerm_machine_learning_workspace", path: "public_network_access_enabled", value: true },
  { rule: "FHI-AML-002", subject: "azurerm_machine_learning_workspace", path: "managed_network.isolation_mode", value: "Disabled" },
  { rule: "FHI-AML-003", subject: "azurerm_machine_learning_workspace", path: "managed_network.isolation_mode", value: "AllowInternetOutbound" },
  { rule: "FHI-AML-004", subject: "azurerm_machine_learning_workspace", path: "high_business_impact", value: false },
  { rule: "FHI-AML-005", subject: "azurerm_machine_learning_workspace", path: "encryption", value: DELETE },
  { rule: "FHI-AML-006", subject: "azurerm_machine_learning_workspace", removeType: "azurerm_private_endpoint" },
  { rule: "FHI-EP-001", subject: "azapi_resource", where: managedEndpoint, path: "body.properties.publicNetworkAccess", value: "Enabled" },
  { rule: "FHI-EP-002", subject: "azapi_resource", where: arm("Microsoft.MachineLearningServices/workspaces/onlineEndpoints"), path: "body.properties.authMode", value: "Key" },
  { rule: "FHI-EP-003", subject: "azapi_resource", where: managedDeployment, path: "body.properties.egressPublicNetworkAccess", value: "Enabled" },

  { rule: "FHI-AFD-001", subject: "azurerm_cdn_frontdoor_custom_domain", removeType: "azurerm_cdn_frontdoor_security_policy" },
  { rule: "FHI-AFD-001", subject: "azurerm_cdn_frontdoor_endpoint", removeType: "azurerm_cdn_frontdoor_security_policy" },
  { rule: "FHI-AFD-002", subject: "azurerm_cdn_frontdoor_firewall_policy", path: "mode", value: "Detection" },
  { rule: "FHI-AFD-003", subject: "azurerm_cdn_frontdoor_firewall_policy", path: "managed_rule", value: DELETE },
  { rule: "FHI-AFD-004", subject: "azurerm_cdn_frontdoor_route", path: "forwarding_protocol", value: "MatchRequest" },
  { rule: "FHI-AFD-005", subject: "azurerm_cdn_frontdoor_custom_domain", path: "tls.minimum_tls_version", value: "TLS10" },
  {
    rule: "FHI-APIM-001",
    subject: "azurerm_api_management",
    path: "public_network_access_enabled",
    value: true,
    unknownBefore: "var.creation_phase: true only in the targeted apply that creates the instance (stacks/deploy-contract.ts)",
  },
  { rule: "FHI-APIM-002", subject: "azurerm_api_management", path: "security.frontend_tls10_enabled", value: true },
  { rule: "FHI-APIM-003", subject: "azurerm_api_management", path: "identity", value: DELETE },
  { rule: "FHI-APIM-004", subject: "azurerm_api_management_diagnostic", path: "frontend_request.body_bytes", value: 8192 },
  { rule: "FHI-APIM-005", subject: "azurerm_monitor_diagnostic_setting", where: targets("azurerm_api_management"), path: "enabled_log", value: [{ category_group: "allLogs" }] },
  { rule: "FHI-APIM-005", subject: "azurerm_monitor_diagnostic_setting", where: targets("azurerm_api_management"), path: "enabled_log", value: [{ category: "GatewayLlmLogs" }] },
  { rule: "FHI-APIM-006", subject: "azurerm_api_management_api", path: "protocols", value: ["http", "https"] },

  { rule: "FHI-NSG-001", subject: "azurerm_network_security_rule", path: "access", value: "Allow", judgedOn: "azurerm_network_security_group" },
  { rule: "FHI-NSG-002", subject: "azurerm_network_security_rule", path: "access", value: "Allow", judgedOn: "azurerm_network_security_group" },
  { rule: "FHI-NSG-003", subject: "azurerm_network_security_rule", path: "access", value: "Allow", judgedOn: "azurerm_network_security_group" },
  { rule: "FHI-NSG-004", subject: "azurerm_network_security_rule", path: "access", value: "Allow", judgedOn: "azurerm_network_security_group" },
  { rule: "FHI-NSG-005", subject: "azurerm_network_security_rule", path: "access", value: "Allow", judgedOn: "azurerm_network_security_group" },
  { rule: "FHI-NSG-006", subject: "azurerm_network_security_rule", path: "access", value: "Allow", judgedOn: "azurerm_network_security_group" },
  { rule: "FHI-NSG-007", subject: "azurerm_network_security_rule", path: "access", value: "Allow", judgedOn: "azurerm_network_security_group" },
  { rule: "FHI-NET-005", subject: "azurerm_virtual_network", removeType: "azurerm_network_watcher_flow_log" },
  { rule: "FHI-NET-006", subject: "azurerm_network_watcher_flow_log", path: "retention_policy.days", value: 7 },
  { rule: "FHI-NET-001", subject: "azurerm_subnet", removeType: "azurerm_subnet_network_security_group_association" },
  { rule: "FHI-NET-002", subject: "azurerm_private_endpoint", path: "private_dns_zone_group", value: DELETE },
  { rule: "FHI-IAM-001", subject: "azurerm_role_assignment", path: "role_definition_name", value: "Owner", alsoRemove: ["role_definition_id"] },
  { rule: "FHI-IAM-003", subject: "azurerm_role_definition", path: "permissions.actions", value: ["Microsoft.Authorization/roleAssignments/write"] },

  { rule: "FHI-MON-001", subject: "azurerm_log_analytics_workspace", path: "local_authentication_enabled", value: true },
  { rule: "FHI-MON-002", subject: "azurerm_log_analytics_workspace", path: "internet_ingestion_enabled", value: true },
  { rule: "FHI-MON-003", subject: "azurerm_log_analytics_workspace", path: "internet_query_enabled", value: true },
  { rule: "FHI-MON-004", subject: "azurerm_log_analytics_workspace", path: "retention_in_days", value: 30 },
  { rule: "FHI-MON-005", subject: "azurerm_application_insights", path: "local_authentication_disabled", value: false },
  { rule: "FHI-MON-006", subject: "azurerm_application_insights", path: "internet_ingestion_enabled", value: true },
  { rule: "FHI-MON-007", subject: "azurerm_application_insights", path: "workspace_id", value: DELETE },
  { rule: "FHI-MON-010", subject: "azurerm_key_vault", removeType: "azurerm_monitor_diagnostic_setting" },
  { rule: "FHI-MON-010", subject: "azurerm_kubernetes_cluster", removeType: "azurerm_monitor_diagnostic_setting" },
  { rule: "FHI-MON-010", subject: "azurerm_storage_account", removeType: "azurerm_monitor_diagnostic_setting" },
  { rule: "FHI-MON-010", subject: "azurerm_container_registry", removeType: "azurerm_monitor_diagnostic_setting" },
  { rule: "FHI-MON-010", subject: "azurerm_machine_learning_workspace", removeType: "azurerm_monitor_diagnostic_setting" },
  { rule: "FHI-MON-010", subject: "azurerm_network_security_group", removeType: "azurerm_monitor_diagnostic_setting" },
  { rule: "FHI-MON-010", subject: "azurerm_api_management", removeType: "azurerm_monitor_diagnostic_setting" },
  { rule: "FHI-MON-010", subject: "azurerm_cdn_frontdoor_profile", removeType: "azurerm_monitor_diagnostic_setting" },
  // One log category is not audit logging.
  {
    rule: "FHI-MON-010",
    subject: "azurerm_monitor_diagnostic_setting",
    where: targets("azurerm_key_vault"),
    path: "enabled_log",
    value: [{ category: "AzurePolicyEvaluationDetails" }],
    judgedOn: "azurerm_key_vault",
  },
  { rule: "FHI-MON-011", subject: "azurerm_monitor_diagnostic_setting", path: "log_analytics_workspace_id", value: DELETE },
  { rule: "FHI-TAG-001", subject: "azurerm_resource_group", path: "tags", value: DELETE },
  { rule: "FHI-TAG-001", subject: "azapi_resource", where: arm("Microsoft.MachineLearningServices/workspaces/onlineEndpoints"), path: "tags", value: DELETE },
  { rule: "FHI-TAG-002", subject: "azurerm_key_vault", path: "tags.data-classification", value: "secret" },
];

/** Rules with no control in our synthesized output to flip (their fixtures cover them), and why. */
const FIXTURE_ONLY: Record<string, string> = {
  "FHI-KV-201": "no azurerm_key_vault_secret is declared: secret values are set outside Terraform",
  "FHI-KV-202": "no azurerm_key_vault_secret is declared",
  "FHI-KV-203": "no azurerm_key_vault_secret is declared",
  "FHI-AML-102": "no AmlCompute cluster: GPUs run on AKS and managed online deployments",
  "FHI-AML-103": "no AmlCompute cluster or compute instance",
  "FHI-AML-101": "no Azure ML compute: the clusters serve AKS-natively, prod on managed online deployments (docs/adr/0003-gpu-serving.md)",
  "FHI-NET-003": "no network interfaces declared",
  "FHI-NET-004": "no network interfaces declared",
  "FHI-IAM-002": "the one custom role (online endpoint scorer) has no control to flip that IAM-003 does not cover better",
  "FHI-ACR-009": "no registry write role is assigned: images are imported by the release pipeline, outside these stacks",
  "FHI-MON-012": "activity log profiles are an azurerm 2.x/3.x resource; the estate exports the activity log otherwise",
  "FHI-VM-001": "no virtual machines",
  "FHI-VM-002": "no virtual machines",
  "FHI-AFD-006": "each Front Door origin group of ours holds one origin: no mixed-geography control to flip",
};

function setPath(body: Body, path: string, value: unknown): void {
  const [head, ...rest] = path.split(".");
  if (rest.length === 0) {
    if (value === DELETE) delete body[head];
    else body[head] = value;
    return;
  }
  const next = body[head];
  for (const child of Array.isArray(next) ? next : [next]) if (typeof child === "object" && child !== null) setPath(child as Body, rest.join("."), value);
}

/** The estate's stacks as adapter input, and their resources read once. */
interface Baseline {
  readonly documents: ReadonlyMap<string, CdktfStackDocument>;
  readonly resources: ReadonlyMap<string, RawResource[]>;
}

function baselineOf(estate: SynthesizedEstate): Baseline {
  const documents = new Map(estate.stacks.map((stack) => [stack.stack, { stack: stack.stack, file: stack.file, document: stack.json }]));
  return { documents, resources: new Map([...documents.keys()].map((name) => [name, readCdktfStack(documents.get(name)!, documents)])) };
}

/** The model after the mutation: only the stacks it touches are copied and read again. */
function mutatedModel(baseline: Baseline, mutation: Mutation) {
  const documents = new Map(baseline.documents);
  const touched = new Set<string>();
  for (const [name, entry] of baseline.documents) {
    const resources = (entry.document as { resource?: Record<string, Record<string, Body>> }).resource ?? {};
    const type = mutation.removeType ?? mutation.subject;
    if (!resources[type]) continue;
    const document = structuredClone(entry.document) as { resource: Record<string, Record<string, Body>> };
    if (mutation.removeType) delete document.resource[mutation.removeType];
    else {
      for (const body of Object.values(document.resource[mutation.subject])) {
        if (mutation.where && !mutation.where(body)) continue;
        setPath(body, mutation.path!, mutation.value);
        for (const path of mutation.alsoRemove ?? []) setPath(body, path, DELETE);
      }
    }
    documents.set(name, { ...entry, document });
    touched.add(name);
  }
  return buildModel([...documents.keys()].flatMap((name) => (touched.has(name) ? readCdktfStack(documents.get(name)!, documents) : baseline.resources.get(name)!)));
}

function statuses(model: ResourceModel, mutation: Mutation, subjects: ReadonlySet<string>): string[] {
  const rule = HIPAA_AZURE_PACK.find((candidate) => candidate.id === mutation.rule)!;
  const { results } = evaluate(model, [rule], { only: (resource) => subjects.has(`${resource.source.stack}/${resource.address}`) });
  return results.filter((result) => result.ruleId === rule.id).map((result) => result.status);
}

describe("mutations of our synthesized environments: each control, flipped, fails its rule", () => {
  let estate: SynthesizedEstate;
  let baseline: Baseline;
  let original: ResourceModel;
  beforeAll(() => {
    estate = synthesizeEstate();
    baseline = baselineOf(estate);
    original = buildModel([...baseline.resources.values()].flat());
  });

  it("covers every rule that guards a control our constructs set", () => {
    const covered = new Set(CONTROLS.map((control) => control.rule));
    expect(HIPAA_AZURE_PACK.map((rule) => rule.id).filter((id) => !covered.has(id) && !(id in FIXTURE_ONLY))).toEqual([]);
  });

  it.each(CONTROLS.map((control) => [`${control.rule} ${control.subject} ${control.removeType ? `without ${control.removeType}` : `${control.path} = ${String(control.value === DELETE ? "(removed)" : JSON.stringify(control.value))}`}`, control] as const))(
    "%s",
    (_name, control) => {
      const judged = control.judgedOn ?? control.subject;
      const subjects = new Set(
        estate.stacks.flatMap((stack) =>
          Object.entries(stack.json.resource?.[judged] ?? {})
            .filter(([, body]) => control.judgedOn !== undefined || !control.where || control.where(body as Body))
            .map(([name]) => `${stack.stack}/${judged}.${name}`),
        ),
      );
      // A control whose resource type is absent from every environment fails here rather than passing silently.
      expect(subjects.size).toBeGreaterThan(0);
      const before = statuses(original, control, subjects);
      expect(before).toContain(control.unknownBefore ? "unknown" : "pass");
      const after = statuses(mutatedModel(baseline, control), control, subjects);
      expect(after.length).toBe(subjects.size);
      // Subjects with a reviewed suppression (the state accounts' bootstrap exceptions) stay suppressed.
      expect(after.filter((status) => status !== "fail" && status !== "suppressed")).toEqual([]);
      expect(after).toContain("fail");
    },
  );
});
