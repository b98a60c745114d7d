import { isUnknown, valueAt, type Value, type ValueObject } from "../../../policies/model";
import type { ResourceChange } from "../../model";
import type { Assessment, ScrutinyRule } from "../rule";

/** Lists of addresses and networks a service firewall lets through, per type. */
const ALLOW_LISTS: Readonly<Record<string, readonly { path: string; field?: string; label: string }[]>> = {
  azurerm_key_vault: [
    { path: "network_acls.ip_rules", label: "IP range" },
    { path: "network_acls.virtual_network_subnet_ids", label: "subnet" },
  ],
  azurerm_storage_account: [
    { path: "network_rules.ip_rules", label: "IP range" },
    { path: "network_rules.virtual_network_subnet_ids", label: "subnet" },
  ],
  azurerm_storage_account_network_rules: [
    { path: "ip_rules", label: "IP range" },
    { path: "virtual_network_subnet_ids", label: "subnet" },
  ],
  azurerm_container_registry: [{ path: "network_rule_set.ip_rule", field: "ip_range", label: "IP range" }],
};

function entries(values: ValueObject | null, path: string, field?: string): Set<string> {
  const list = values === null ? undefined : valueAt(values, path);
  if (!Array.isArray(list)) return new Set();
  return new Set(
    list
      .map((item: Value) => (field !== undefined ? valueAt(item, field) : item))
      .map((item: Value | undefined) => (isUnknown(item) ? item.why : item))
      .filter((item): item is string => typeof item === "string"),
  );
}

/** Entries added to a firewall's allow list let more in (broadening); entries removed let less in. */
export const networkAclEntries: ScrutinyRule = {
  id: "network-acl-entries",
  title: "Firewall allow-list entries",
  resourceTypes: Object.keys(ALLOW_LISTS),
  assess(change: ResourceChange): Assessment[] {
    if (change.after === null) return [];
    return (ALLOW_LISTS[change.type] ?? []).flatMap(({ path, field, label }) => {
      const before = entries(change.before, path, field);
      const after = entries(change.after, path, field);
      const added = [...after].filter((entry) => !before.has(entry));
      const removed = change.before === null ? [] : [...before].filter((entry) => !after.has(entry));
      return [
        ...added.map((entry): Assessment => ({ kind: "broadening", reason: `${label} ${entry} allowed through the firewall (${path})` })),
        ...removed.map((entry): Assessment => ({ kind: "narrowing", reason: `${label} ${entry} no longer allowed (${path})` })),
      ];
    });
  },
};
