/**
 * Built-in roles our constructs may grant. The list is closed on purpose: a role that is not here needs a
 * review of why it is needed, and the privileged ones are refused outright.
 */
export const LEAST_PRIVILEGE_ROLES = [
  "AcrPull",
  "AcrPush",
  "Key Vault Secrets User",
  "Key Vault Crypto Service Encryption User",
  "Key Vault Crypto User",
  "Storage Blob Data Reader",
  "Storage Blob Data Contributor",
  "Storage File Data Privileged Contributor",
  "Managed Identity Operator",
  "Network Contributor",
  "Private DNS Zone Contributor",
  "Monitoring Metrics Publisher",
  // Lets an online endpoint's user-assigned identity write the deployment's metrics to the workspace, nothing else.
  "AzureML Metrics Writer (preview)",
  "Reader",
] as const;

export type LeastPrivilegeRole = (typeof LEAST_PRIVILEGE_ROLES)[number];

/** Roles that can grant access or change anything: never assigned by this code. */
export const PRIVILEGED_ROLES = ["Owner", "Contributor", "User Access Administrator", "Role Based Access Control Administrator"] as const;

export function isPrivilegedRole(role: string): boolean {
  return (PRIVILEGED_ROLES as readonly string[]).some((privileged) => privileged.toLowerCase() === role.trim().toLowerCase());
}

/** Throws unless `role` is one of the least-privilege roles; callers typed as `any` or JSON cannot slip past. */
export function assertLeastPrivilegeRole(role: string, where: string): asserts role is LeastPrivilegeRole {
  if (isPrivilegedRole(role)) {
    throw new Error(`${where}: role "${role}" is privileged and is never assigned by this code. Fix: grant a narrow built-in role such as ${LEAST_PRIVILEGE_ROLES.slice(0, 3).join(", ")}`);
  }
  if (!(LEAST_PRIVILEGE_ROLES as readonly string[]).includes(role)) {
    throw new Error(`${where}: role "${role}" is not in the reviewed list. Fix: use one of ${LEAST_PRIVILEGE_ROLES.join(", ")}, or add it to constructs/shared/roles.ts with a reason`);
  }
}
