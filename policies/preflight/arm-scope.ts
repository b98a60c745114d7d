/**
 * Azure RBAC scopes as paths, so that "does this role assignment reach that resource?" has one answer whether the
 * scope and the target are written as ARM IDs, Terraform references or a data-plane URL. A role assigned at a scope
 * applies to everything below it (Learn: role-based-access-control/scope-overview).
 */

/** One level below the subscription: the lower-case ARM type segment (`resourcegroups`, `microsoft.storage/storageaccounts`, `containers`) and the name, `*` when unknown. */
export type ArmStep = readonly [type: string, name: string];
export type ArmPath = readonly ArmStep[];

export const RESOURCE_GROUP_STEP = "resourcegroups";
export const STORAGE_ACCOUNT_STEP = "microsoft.storage/storageaccounts";
export const ANY = "*";

/**
 * The path of an ARM ID below its subscription (`/subscriptions/<s>` alone is the empty path, which covers every
 * resource of the subscription); undefined for anything else. Types and names compare case-insensitively, as ARM does.
 */
export function armPathOfId(id: string): ArmPath | undefined {
  const segments = id.trim().replace(/^\/+|\/+$/g, "").split("/");
  if (segments.length < 2 || segments[0].toLowerCase() !== "subscriptions") return undefined;
  const steps: ArmStep[] = [];
  let index = 2;
  if (segments[index]?.toLowerCase() === "resourcegroups") {
    if (segments[index + 1] === undefined) return undefined;
    steps.push([RESOURCE_GROUP_STEP, segments[index + 1].toLowerCase()]);
    index += 2;
  }
  if (index === segments.length) return steps;
  if (segments[index]?.toLowerCase() !== "providers" || segments.length < index + 4) return undefined;
  steps.push([`${segments[index + 1]}/${segments[index + 2]}`.toLowerCase(), segments[index + 3].toLowerCase()]);
  for (index += 4; index + 1 < segments.length; index += 2) steps.push([segments[index].toLowerCase(), segments[index + 1].toLowerCase()]);
  return index === segments.length ? steps : undefined;
}

/** The path of a blob container: its account's path, `blobServices/default`, the container. */
export function blobContainerPath(accountPath: ArmPath, container: string): ArmPath {
  return [...accountPath, ["blobservices", "default"], ["containers", container.toLowerCase()]];
}

/** A storage account known only by name (a data-plane URL names no resource group). */
export function storageAccountPath(account: string, resourceGroup: string = ANY): ArmPath {
  return [[RESOURCE_GROUP_STEP, resourceGroup.toLowerCase()], [STORAGE_ACCOUNT_STEP, account.toLowerCase()]];
}

/** `https://<account>.blob.<suffix>/<container>` as the container's path; undefined when the URL is not of that form. */
export function blobContainerUrlPath(url: string): { readonly account: string; readonly container: string; readonly path: ArmPath } | undefined {
  const match = /^https:\/\/([a-z0-9]{3,24})\.blob\.[a-z0-9.-]+\/([a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])?)\/?$/.exec(url);
  if (!match) return undefined;
  const [, account, container] = match;
  return { account, container, path: blobContainerPath(storageAccountPath(account), container) };
}

/** Does a role assignment at `scope` apply to `target`: the same resource or one of its ancestors, `*` matching any name? */
export function armPathCovers(scope: ArmPath, target: ArmPath): boolean {
  if (scope.length > target.length) return false;
  return scope.every(([type, name], index) => {
    const [targetType, targetName] = target[index];
    return type === targetType && (name === ANY || targetName === ANY || name === targetName);
  });
}

/** `Microsoft.Storage/storageAccounts/acct/.../containers/models` for messages. */
export function describeArmPath(path: ArmPath): string {
  return path.length === 0 ? "the subscription" : path.map(([type, name]) => `${type}/${name}`).join("/");
}

/**
 * Built-in roles the serving rules and the request-path walk look for, by name and role definition GUID (the same in
 * every tenant: Microsoft Learn, "Azure built-in roles": storage, containers, monitor, networking, ai-machine-learning).
 */
export const BUILT_IN_ROLE_IDS = {
  "Storage Blob Data Reader": "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
  "Storage Blob Data Contributor": "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
  "Storage Blob Data Owner": "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
  AcrPull: "7f951dda-4ed3-4680-a7ca-43fe172d538d",
  "Monitoring Metrics Publisher": "3913510d-42f4-4e42-8a64-420c390055eb",
  "Network Contributor": "4d97b98b-1d4f-4787-a291-c67834d212e7",
  "Azure AI Enterprise Network Connection Approver": "b556d68e-0be0-4f35-a333-ad7ee1ce17ea",
} as const;

export type BuiltInRole = keyof typeof BUILT_IN_ROLE_IDS;

/** Roles whose data actions read blobs (Reader, and the wider Contributor and Owner that include its read). */
export const BLOB_READ_ROLES: readonly BuiltInRole[] = ["Storage Blob Data Reader", "Storage Blob Data Contributor", "Storage Blob Data Owner"];

/** Is the assignment, by `role_definition_name` or the GUID at the end of `role_definition_id`, one of `roles`? */
export function assignsRole(assignment: { readonly roleName?: unknown; readonly roleId?: unknown }, roles: readonly BuiltInRole[]): boolean {
  const name = typeof assignment.roleName === "string" ? assignment.roleName.toLowerCase() : undefined;
  const id = typeof assignment.roleId === "string" ? assignment.roleId.toLowerCase() : undefined;
  return roles.some((role) => name === role.toLowerCase() || (id !== undefined && id.endsWith(BUILT_IN_ROLE_IDS[role])));
}
