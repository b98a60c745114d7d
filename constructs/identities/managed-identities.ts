import { Construct } from "constructs";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { ResourceInterfaces } from "../shared/resource-interfaces";
import type { RoleAssignments } from "../shared/interfaces";

export interface ManagedIdentityProps {
  readonly name: string;
  /** Roles granted on this identity to others, e.g. Managed Identity Operator for the AKS control plane. */
  readonly roleAssignments?: RoleAssignments;
}

export interface ManagedIdentitiesProps<Role extends string> {
  readonly location: string;
  readonly resourceGroupName: string;
  readonly identities: Readonly<Record<Role, ManagedIdentityProps>>;
  readonly tags?: Readonly<Record<string, string>>;
}

/** What another stack needs to use an identity. */
export interface IdentityReference {
  readonly id: string;
  readonly principalId: string;
  readonly clientId: string;
}

/**
 * One user-assigned identity per workload role, so each role holds only its own grants and can be revoked alone.
 * Grants TO these identities are made on the resources they use (each construct's `roleAssignments`).
 */
export class ManagedIdentities<Role extends string> extends Construct {
  readonly identities = {} as Record<Role, UserAssignedIdentity>;

  constructor(scope: Construct, id: string, props: ManagedIdentitiesProps<Role>) {
    super(scope, id);
    for (const [role, identity] of Object.entries(props.identities) as [Role, ManagedIdentityProps][]) {
      const created = new UserAssignedIdentity(this, role, {
        name: identity.name,
        location: props.location,
        resourceGroupName: props.resourceGroupName,
        tags: props.tags,
      });
      new ResourceInterfaces(this, `${role}-interfaces`, {
        resourceId: created.id,
        placement: { name: identity.name, location: props.location, resourceGroupName: props.resourceGroupName },
        props: { roleAssignments: identity.roleAssignments },
      });
      this.identities[role] = created;
    }
  }

  reference(role: Role): IdentityReference {
    const identity = this.identities[role];
    return { id: identity.id, principalId: identity.principalId, clientId: identity.clientId };
  }
}
