import { fail, pass } from "../../../engine/rule";
import { blocksAt, isAbsent, isUnknown, valueAt, type Value } from "../../../model/value";
import { definePreflightRule } from "../../rule";

const isTrue = (value: Value | undefined) => value === true || String(value).toLowerCase() === "true";
const isFalse = (value: Value | undefined) => value === false || String(value).toLowerCase() === "false";

/** Settings azurerm 4.55 accepts only on the Premium SKU (container_registry_resource.go: CustomizeDiff, and create/update for network rules and public access). */
const PREMIUM_ONLY: readonly { readonly setting: string; readonly used: (values: Record<string, Value>) => boolean }[] = [
  { setting: "retention_policy_in_days", used: (values) => !isAbsent(values.retention_policy_in_days) && values.retention_policy_in_days !== 0 },
  { setting: "trust_policy_enabled = true", used: (values) => isTrue(values.trust_policy_enabled) },
  { setting: "export_policy_enabled = false", used: (values) => isFalse(values.export_policy_enabled) },
  { setting: "public_network_access_enabled = false", used: (values) => isFalse(values.public_network_access_enabled) },
  { setting: "data_endpoint_enabled = true", used: (values) => isTrue(values.data_endpoint_enabled) },
  { setting: "zone_redundancy_enabled = true", used: (values) => isTrue(values.zone_redundancy_enabled) },
  { setting: "quarantine_policy_enabled = true", used: (values) => isTrue(values.quarantine_policy_enabled) },
  { setting: "encryption (customer-managed key)", used: (values) => { const blocks = blocksAt(values, "encryption"); return isUnknown(blocks) || blocks.length > 0; } },
  { setting: "network_rule_set", used: (values) => { const blocks = blocksAt(values, "network_rule_set"); return isUnknown(blocks) || blocks.length > 0; } },
  { setting: "georeplications", used: (values) => { const blocks = blocksAt(values, "georeplications"); return isUnknown(blocks) || blocks.length > 0; } },
];

export const acrPremiumOnlySettings = definePreflightRule({
  id: "FHI-PF-ACR-001",
  title: "Premium-only registry settings are used on Premium registries only",
  severity: "error",
  service: "container-registry",
  resourceTypes: ["azurerm_container_registry"],
  rationale:
    "Private access, disabled export, customer-managed keys, retention, trust, quarantine and data endpoints, network rules, zone redundancy and geo-replication exist on Premium registries only. azurerm refuses them on Basic and Standard: network rules and disabled public access only when it applies, the rest when it plans, which no provider binary does where this project is checked.",
  remediation: "Use sku = \"Premium\" for registries that hold clinical images, or drop the setting.",
  sources: ["internal/services/containers/container_registry_resource.go (azurerm v4.55.0: CustomizeDiff and resourceContainerRegistryCreate, \"can only be applied when using the Premium Sku\")"],
  check: (registry) => {
    const sku = valueAt(registry.values, "sku");
    if (typeof sku !== "string") return pass("the SKU is not a literal");
    if (sku.toLowerCase() === "premium") return pass("Premium");
    const used = PREMIUM_ONLY.filter((entry) => entry.used(registry.values as Record<string, Value>)).map((entry) => entry.setting);
    return used.length > 0 ? fail(`${used.join(", ")} on a ${sku} registry`) : pass(`no Premium-only setting on ${sku}`);
  },
});
