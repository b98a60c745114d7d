import { oneOf } from "../../engine/checks";
import { defineRule, fail, pass, unknown, type Verdict } from "../../engine/rule";
import type { Resource } from "../../model/resource";
import { blocksAt, isUnknown, isValueObject, type Value } from "../../model/value";
import { armType } from "../common/azapi";
import { AML_ONLINE_ENDPOINT, AML_WORKSPACE } from "../common/aml";
import { AZAPI_1_TO_2, AZURERM_2_TO_4 } from "../common/generations";

/** Category groups that include every audit category of a resource type (learn.microsoft.com/azure/azure-monitor/essentials/diagnostic-settings#resource-logs). */
const AUDIT_GROUPS = ["audit", "allLogs"];

/**
 * Per resource type, the log categories that record who read or changed what: any one set, sent complete, is
 * audit logging (learn.microsoft.com/azure/azure-monitor/reference/supported-logs/<resource type>-logs).
 * Types not listed here need one of the audit groups.
 */
const AUDIT_CATEGORIES: Readonly<Record<string, readonly (readonly string[])[]>> = {
  azurerm_key_vault: [["AuditEvent"]],
  azurerm_kubernetes_cluster: [["kube-audit"], ["kube-audit-admin"]],
  // Storage logs are sent per service (blobServices/default, fileServices/default, ...): reads, writes and deletes.
  azurerm_storage_account: [["StorageRead", "StorageWrite", "StorageDelete"]],
  azurerm_container_registry: [["ContainerRegistryLoginEvents", "ContainerRegistryRepositoryEvents"]],
  // FHI-APIM-005 forbids the groups here (they include prompts and completions): the gateway's request log is the audit trail.
  azurerm_api_management: [["GatewayLogs"]],
  azurerm_cdn_frontdoor_profile: [["FrontDoorAccessLog", "FrontDoorWebApplicationFirewallLog"]],
  azurerm_application_gateway: [["ApplicationGatewayAccessLog", "ApplicationGatewayFirewallLog"]],
  azurerm_firewall: [["AzureFirewallApplicationRule", "AzureFirewallNetworkRule"], ["AZFWApplicationRule", "AZFWNetworkRule"]],
};

/** Resource types whose resource logs matter for audit, and that support diagnostic settings. */
export const DIAGNOSABLE_TYPES = [...Object.keys(AUDIT_CATEGORIES), "azurerm_machine_learning_workspace", "azurerm_network_security_group"];
const DIAGNOSABLE_ARM_TYPES = [AML_WORKSPACE, AML_ONLINE_ENDPOINT].map((type) => type.toLowerCase());

interface SentLogs {
  groups: string[];
  categories: string[];
  unknown: boolean;
}

/** A log block's string field; plans write an unset one as null or "". */
function field(block: Value, name: string): Value | undefined {
  const value = isValueObject(block) ? block[name] : undefined;
  return value === "" || value === null ? undefined : value;
}

/** The log groups and categories the diagnostic settings send (`enabled_log`, and 2.x/3.x `log` blocks not disabled). */
function sentLogs(settings: readonly Resource[]): SentLogs {
  const sent: SentLogs = { groups: [], categories: [], unknown: false };
  for (const setting of settings) {
    const enabled = blocksAt(setting.values, "enabled_log");
    const legacy = blocksAt(setting.values, "log");
    if (isUnknown(enabled) || isUnknown(legacy)) {
      sent.unknown = true;
      continue;
    }
    for (const block of [...enabled, ...legacy.filter((block) => !isValueObject(block) || block.enabled !== false)]) {
      const group = field(block, "category_group");
      const category = field(block, "category");
      if (isUnknown(group) || isUnknown(category) || !isValueObject(block)) sent.unknown = true;
      else if (typeof group === "string") sent.groups.push(group);
      else if (typeof category === "string") sent.categories.push(category);
    }
  }
  return sent;
}

function judge(resource: Resource, settings: readonly Resource[]): Verdict {
  const sent = sentLogs(settings);
  const names = settings.map((setting) => setting.address).join(", ");
  const group = sent.groups.find((candidate) => oneOf(...AUDIT_GROUPS)(candidate));
  if (group) return pass(`${names} send(s) the ${group} category group`);
  const sets = AUDIT_CATEGORIES[resource.type] ?? [];
  const complete = sets.find((set) => set.every((category) => oneOf(...sent.categories)(category)));
  if (complete) return pass(`${names} send(s) ${complete.join(", ")}`);
  if (sent.unknown) return unknown("log categories come from an expression");
  const needed = [...sets.map((set) => set.join(" + ")), ...AUDIT_GROUPS.map((name) => `the ${name} group`)].join(", or ");
  const what = sent.categories.length + sent.groups.length === 0 ? "no resource logs (metrics only)" : `only ${[...sent.groups.map((name) => `group ${name}`), ...sent.categories].join(", ")}`;
  return fail(`${names} send(s) ${what}; audit logging needs ${needed}`);
}

export const diagnosticSettings = defineRule({
  id: "FHI-MON-010",
  title: "Resources send their audit logs to a diagnostic setting",
  severity: "error",
  service: "monitor",
  resourceTypes: [...DIAGNOSABLE_TYPES, "azapi_resource"],
  generations: [...AZURERM_2_TO_4, ...AZAPI_1_TO_2],
  applies: (resource) => resource.type !== "azapi_resource" || DIAGNOSABLE_ARM_TYPES.includes(armType(resource) ?? ""),
  rationale:
    "Resource logs record every access to keys, data, images and models; without them activity on PHI cannot be examined. One log category is not audit logging: each resource type's audit categories must all be sent (Key Vault AuditEvent; AKS kube-audit or kube-audit-admin; storage reads, writes and deletes; ...), or the audit or allLogs group.",
  remediation:
    'Create an azurerm_monitor_diagnostic_setting with target_resource_id = the resource\'s id (for storage: its blobServices/default and fileServices/default) and enabled_log { category_group = "audit" } (or "allLogs", or the audit categories by name).',
  references: { azurePolicy: ["cf820ca0-f99e-4f3e-84fb-66e913812d21", "245fc9df-fa96-4414-9a0b-3738c2f7341c"], hipaa: ["164.312(b)", "164.308(a)(1)(ii)(D)"] },
  check: (resource, model) => {
    // Storage logs live on the blob/file services (`<id>/blobServices/default`); those settings refer to the account too.
    const settings = model.referrers(resource, { types: ["azurerm_monitor_diagnostic_setting"], path: "target_resource_id" }).map((referrer) => referrer.resource);
    if (settings.length === 0) return fail("no azurerm_monitor_diagnostic_setting in the input targets it");
    return judge(resource, settings);
  },
});

