import { blocksAt, containsUnknown, isUnknown, isValueObject, type Value } from "../../model/value";
import type { Resource } from "../../model/resource";

/**
 * Built-in roles that can change every resource in their scope or grant access to anyone, by role definition GUID
 * (the same in every tenant and cloud): learn.microsoft.com/azure/role-based-access-control/built-in-roles/privileged
 * (and docs.azure.cn/role-based-access-control/built-in-roles/privileged), each role's JSON `name`.
 */
export const PRIVILEGED_BUILT_IN_ROLES: ReadonlyMap<string, string> = new Map([
  ["8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner"],
  ["b24988ac-6180-42a0-ab88-20f7382dd24c", "Contributor"],
  ["18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", "User Access Administrator"],
  ["f58310d9-a9f6-439a-9e8d-f62e7b41a168", "Role Based Access Control Administrator"],
]);

/** The permissions of a custom role definition, all `permissions` blocks together. */
export interface RolePermissions {
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly dataActions: readonly string[];
  readonly notDataActions: readonly string[];
  /** True when a permission list comes from an expression: a pass is then not certain. */
  readonly undecided: boolean;
}

function strings(value: Value | undefined): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

/** The role's permissions, or undefined when the blocks themselves come from an expression. */
export function permissionsOf(role: Resource): RolePermissions | undefined {
  const blocks = blocksAt(role.values, "permissions");
  if (isUnknown(blocks)) return undefined;
  const objects = blocks.filter(isValueObject);
  const collect = (field: string) => objects.flatMap((block) => strings(block[field]));
  return {
    actions: collect("actions"),
    notActions: collect("not_actions"),
    dataActions: collect("data_actions"),
    notDataActions: collect("not_data_actions"),
    undecided: blocks.length !== objects.length || objects.some((block) => ["actions", "not_actions", "data_actions", "not_data_actions"].some((field) => containsUnknown(block[field]))),
  };
}

/** Does an action pattern (Azure's `*` wildcard, case-insensitive) cover an operation? */
export function covers(pattern: string, operation: string): boolean {
  const expression = pattern.toLowerCase().split("*").map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, "\\$&")).join(".*");
  return new RegExp(`^${expression}$`).test(operation.toLowerCase());
}

/** Does the role grant the (control-plane) operation: an action covers it and no not-action takes it back? */
export function grants(permissions: RolePermissions, operation: string): boolean {
  return permissions.actions.some((action) => covers(action, operation)) && !permissions.notActions.some((action) => covers(action, operation));
}
