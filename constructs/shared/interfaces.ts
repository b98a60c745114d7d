/**
 * The optional interfaces every resource construct accepts, after Azure Verified Modules: a reviewer reads one
 * shape for diagnostics, private endpoints, role assignments, locks, tags and customer-managed keys everywhere.
 */
import type { ITerraformDependable } from "cdktf";
import type { LeastPrivilegeRole } from "./roles";

/** Where a resource lives and what it is called; every resource construct takes these. */
export interface ResourcePlacement {
  readonly name: string;
  readonly location: string;
  readonly resourceGroupName: string;
}

/** Sends a resource's logs and metrics to Log Analytics. */
export interface DiagnosticsProps {
  /** Resource ID of the Log Analytics workspace. */
  readonly workspaceId: string;
  /** Log category groups to send. Default: `["allLogs"]` (every category, including audit). */
  readonly categoryGroups?: readonly string[];
  /**
   * Send exactly these log categories instead of category groups, for a resource where a group would include a
   * category that must never leave it (a group grows when the service adds categories). Excludes `categoryGroups`.
   */
  readonly categories?: readonly string[];
  /** Send the resource's platform metrics too. Default: true (where the resource has metrics). */
  readonly metrics?: boolean;
}

/**
 * Reaches a resource over Private Link: one private endpoint per sub-resource (e.g. `blob`, `file`), each
 * registered in the private DNS zone(s) given for it.
 */
export interface PrivateEndpointProps<Subresource extends string = string> {
  /** Subnet the endpoints' network interfaces go in. */
  readonly subnetId: string;
  /** Private DNS zone ID(s) per sub-resource; a zone group registers the endpoint's records there. */
  readonly privateDnsZoneIds: Readonly<Record<Subresource, string | readonly string[]>>;
  /** Default: the resource's own resource group. */
  readonly resourceGroupName?: string;
}

/** A built-in role granted on the resource to one principal. */
export interface RoleAssignmentProps {
  readonly principalId: string;
  /** A built-in role by name; privileged roles (Owner, Contributor, User Access Administrator) are refused. */
  readonly roleDefinitionName: LeastPrivilegeRole;
  /** Default: ServicePrincipal (managed identities), which also skips the Entra replication check. */
  readonly principalType?: "ServicePrincipal" | "User" | "Group";
  readonly description?: string;
}

/** Role assignments keyed by a stable name, so reordering never replaces one. */
export type RoleAssignments = Readonly<Record<string, RoleAssignmentProps>>;

/** A management lock on the resource. */
export interface LockProps {
  /** Default: CanNotDelete. */
  readonly level?: "CanNotDelete" | "ReadOnly";
  /** Default: a note that the resource holds state and is deleted only by removing the lock in code. */
  readonly notes?: string;
}

/** Encrypts a resource's data with a key the organisation controls. */
export interface CustomerManagedKeyProps {
  /** Versionless key ID, so the service follows key rotation. */
  readonly keyVaultKeyId: string;
  /** Resource ID of the user-assigned identity that may use the key (Key Vault Crypto Service Encryption User). */
  readonly identityId: string;
  /** Client ID of that identity (some services ask for it instead of the resource ID). */
  readonly identityClientId: string;
  /** What must exist before the service can use the key, typically the identity's role assignment on the vault. */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** The interface family, minus the customer-managed key which only some services support. */
export interface ResourceInterfaceProps<Subresource extends string = string> {
  /** Default: no diagnostic setting. Stacks always pass the environment's workspace. */
  readonly diagnostics?: DiagnosticsProps;
  /** Default: no private endpoint, and public network access stays disabled: the resource is unreachable. */
  readonly privateEndpoint?: PrivateEndpointProps<Subresource>;
  /** Default: none. */
  readonly roleAssignments?: RoleAssignments;
  /** Default: no lock. Stacks lock stateful resources where the environment asks for locks. */
  readonly lock?: LockProps;
  /** Merged with the environment's required tags, which always win. */
  readonly tags?: Readonly<Record<string, string>>;
}
