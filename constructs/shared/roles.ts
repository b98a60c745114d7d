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
  // Reads an Azure Monitor workspace's metrics (PromQL queries), nothing else (KEDA's queue trigger).
  "Monitoring Data Reader",
  "Reader",
] as const;

export type LeastPrivilegeRole = (typeof LEAST_PRIVILEGE_ROLES)[number];

/**
 * Role definition GUIDs of the least-privilege roles, the same in every tenant and cloud (Microsoft Learn, "Azure
 * built-in roles"). A delegated role-assignment administrator is limited to exactly these (constructs/deployer/).
 */
export const ROLE_DEFINITION_IDS: Readonly<Record<LeastPrivilegeRole, string>> = {
  AcrPull: "7f951dda-4ed3-4680-a7ca-43fe172d538d",
  AcrPush: "8311e382-0749-4cb8-b61a-304f252e45ec",
  "Key Vault Secrets User": "4633458b-17de-408a-b874-0445c86b69e6",
  "Key Vault Crypto Service Encryption User": "e147488a-f6f5-4113-8e2d-b22465e65bf6",
  "Key Vault Crypto User": "12338af0-0e69-4776-bea7-57ae8d297424",
  "Storage Blob Data Reader": "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
  "Storage Blob Data Contributor": "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
  "Storage File Data Privileged Contributor": "69566ab7-960f-475b-8e7c-b3118f30c6bd",
  "Managed Identity Operator": "f1a07417-d97a-45cb-824c-7a7467783830",
  "Network Contributor": "4d97b98b-1d4f-4787-a291-c67834d212e7",
  "Private DNS Zone Contributor": "b12aa53e-6015-4669-85d0-8515ebb3ae7f",
  "Monitoring Metrics Publisher": "3913510d-42f4-4e42-8a64-420c390055eb",
  "AzureML Metrics Writer (preview)": "635dd51f-9968-44d3-b7fb-6d9a6bd613ae",
  "Monitoring Data Reader": "b0d8363b-8ddd-447d-831f-62ca05bff136",
  Reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
};

/**
 * Wider roles an Azure service documents as required of an identity it acts as, granted only through
 * `ServiceRequiredRoleAssignment`, which names the documentation and narrows each to one resource. GUIDs from
 * Microsoft Learn, "Azure built-in roles" (general, security, ai-machine-learning).
 */
export const SERVICE_REQUIRED_ROLE_IDS = {
  Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  "Key Vault Administrator": "00482a5a-887f-4fb3-b363-3b7fe8e74483",
  "Azure AI Enterprise Network Connection Approver": "b556d68e-0be0-4f35-a333-ad7ee1ce17ea",
} as const;

export type ServiceRequiredRole = keyof typeof SERVICE_REQUIRED_ROLE_IDS;

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
