/**
 * azurerm resource types that configure part of another resource (their parent), which users write either
 * inline or as a separate resource: the effective configuration of the parent is the union of both
 * (`ResourceModel.effective`). Each is documented by the provider as an alternative to the parent's block
 * (registry.terraform.io/providers/hashicorp/azurerm/latest/docs, the "NOTE on ... and ..." of each page).
 */
export interface ChildResource {
  readonly type: string;
  readonly parentType: string;
  /**
   * Attributes through which the child names its parent: a reference or ARM ID, or the parent's name (older
   * providers, and `azurerm_network_security_rule` to this day), matched together with `resource_group_name`.
   */
  readonly parentPaths: readonly string[];
  /** The parent's block the child stands for. */
  readonly block: string;
  /** `append`: each child adds one block to the parent's list; `replace`: the child is the parent's single block. */
  readonly merge: "append" | "replace";
}

export const CHILD_RESOURCES: readonly ChildResource[] = [
  { type: "azurerm_network_security_rule", parentType: "azurerm_network_security_group", parentPaths: ["network_security_group_name"], block: "security_rule", merge: "append" },
  { type: "azurerm_storage_account_network_rules", parentType: "azurerm_storage_account", parentPaths: ["storage_account_id", "storage_account_name"], block: "network_rules", merge: "replace" },
  { type: "azurerm_storage_account_customer_managed_key", parentType: "azurerm_storage_account", parentPaths: ["storage_account_id"], block: "customer_managed_key", merge: "replace" },
  { type: "azurerm_key_vault_access_policy", parentType: "azurerm_key_vault", parentPaths: ["key_vault_id"], block: "access_policy", merge: "append" },
];

export const CHILD_OF_TYPE: ReadonlyMap<string, ChildResource> = new Map(CHILD_RESOURCES.map((child) => [child.type, child]));

export const CHILDREN_OF_PARENT_TYPE: ReadonlyMap<string, readonly ChildResource[]> = new Map(
  [...new Set(CHILD_RESOURCES.map((child) => child.parentType))].map((parent) => [parent, CHILD_RESOURCES.filter((child) => child.parentType === parent)]),
);
