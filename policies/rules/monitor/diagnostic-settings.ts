import { defineRule, fail, pass, unknown } from "../../engine/rule";
import type { Resource } from "../../model/resource";
import { blocksAt, isUnknown, isValueObject } from "../../model/value";
import { armType } from "../common/azapi";
import { AML_ONLINE_ENDPOINT, AML_WORKSPACE } from "../common/aml";

/** Resource types whose resource logs matter for audit, and that support diagnostic settings. */
export const DIAGNOSABLE_TYPES = [
  "azurerm_key_vault",
  "azurerm_storage_account",
  "azurerm_container_registry",
  "azurerm_kubernetes_cluster",
  "azurerm_machine_learning_workspace",
  "azurerm_network_security_group",
  "azurerm_api_management",
  "azurerm_cdn_frontdoor_profile",
  "azurerm_application_gateway",
  "azurerm_firewall",
];
const DIAGNOSABLE_ARM_TYPES = [AML_WORKSPACE, AML_ONLINE_ENDPOINT].map((type) => type.toLowerCase());

/** Does a diagnostic setting export resource logs (not only metrics)? */
function exportsLogs(setting: Resource): boolean | "unknown" {
  const logs = blocksAt(setting.values, "enabled_log");
  const legacy = blocksAt(setting.values, "log");
  if (isUnknown(logs) || isUnknown(legacy)) return "unknown";
  return logs.length > 0 || legacy.some((block) => isValueObject(block) && block.enabled !== false);
}

export const diagnosticSettings = defineRule({
  id: "FHI-MON-010",
  title: "Resources send their resource logs to a diagnostic setting",
  severity: "error",
  service: "monitor",
  resourceTypes: [...DIAGNOSABLE_TYPES, "azapi_resource"],
  applies: (resource) => resource.type !== "azapi_resource" || DIAGNOSABLE_ARM_TYPES.includes(armType(resource) ?? ""),
  rationale: "Resource logs record every access to keys, data, images and models; without them activity on PHI cannot be examined.",
  remediation:
    'Create an azurerm_monitor_diagnostic_setting with target_resource_id = the resource\'s id (for storage: its blobServices/default and fileServices/default) and enabled_log { category_group = "audit" } or "allLogs".',
  references: { azurePolicy: ["cf820ca0-f99e-4f3e-84fb-66e913812d21", "245fc9df-fa96-4414-9a0b-3738c2f7341c"], hipaa: ["164.312(b)", "164.308(a)(1)(ii)(D)"] },
  check: (resource, model) => {
    // Storage logs live on the blob/file services (`<id>/blobServices/default`); those settings refer to the account too.
    const settings = model.referrers(resource, { types: ["azurerm_monitor_diagnostic_setting"], path: "target_resource_id" }).map((referrer) => referrer.resource);
    if (settings.length === 0) return fail("no azurerm_monitor_diagnostic_setting in the input targets it");
    const exporting = settings.filter((setting) => exportsLogs(setting) === true);
    if (exporting.length > 0) return pass(`logs exported by ${exporting.map((setting) => setting.address).join(", ")}`);
    if (settings.some((setting) => exportsLogs(setting) === "unknown")) return unknown("log categories come from an expression");
    return fail(`${settings.map((setting) => setting.address).join(", ")} export(s) metrics only; no enabled_log`);
  },
});
