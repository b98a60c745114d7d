import { Construct } from "constructs";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { ResourceInterfaces } from "../shared/resource-interfaces";
import type { ResourcePlacement } from "../shared/interfaces";
import type { LeastPrivilegeRole } from "../shared/roles";

/** GitHub's OIDC issuer; GitHub Actions sends it in every workflow token. */
export const GITHUB_ACTIONS_ISSUER = "https://token.actions.githubusercontent.com";
/** The audience Entra ID expects in a federated token (learn.microsoft.com/entra/workload-id/workload-identity-federation). */
export const FEDERATED_TOKEN_AUDIENCE = "api://AzureADTokenExchange";

export interface DataAccessGrant {
  /** ARM ID of the resource or child (a container) the pipeline reads or writes through its data plane. */
  readonly scope: string;
  readonly role: LeastPrivilegeRole;
}

export interface DeployerIdentityProps extends ResourcePlacement {
  /** `/subscriptions/<id>`: where the deployer creates resources. */
  readonly subscriptionScope: string;
  /** Federated credentials by name: `{ issuer, subject }`, e.g. subject `repo:<owner>/<repo>:environment:<env>`. */
  readonly federation: Readonly<Record<string, { readonly issuer: string; readonly subject: string }>>;
  /**
   * Role definition GUIDs the deployer may assign to others: the delegated role-assignment administration is limited
   * to these, and never to the deployer itself (learn.microsoft.com/azure/role-based-access-control/delegate-role-assignments-portal).
   */
  readonly assignableRoleIds: readonly string[];
  /**
   * Wider role definition GUIDs the deployer may assign to service principals (managed identities) only, never to a
   * user or group: roles a service documents as required of the identity it acts as. Default: none.
   */
  readonly servicePrincipalOnlyRoleIds?: readonly string[];
  /** Data-plane access the pipeline itself needs, e.g. the state container. Default: none. */
  readonly dataAccess?: Readonly<Record<string, DataAccessGrant>>;
}

/**
 * The identity the deploy workflow signs in as: a user-assigned identity whose only credentials are GitHub OIDC
 * federations (no secret exists), Contributor on the subscription to create what the stacks declare, and Role Based
 * Access Control Administrator with a condition that lets it grant only the reviewed least-privilege roles, to
 * anyone but itself. Those two privileged assignments exist only here, applied by an operator in the bootstrap.
 */
export class DeployerIdentity extends Construct {
  readonly identity: UserAssignedIdentity;
  /** The privileged assignments, for the stack to record why they exist (policy suppressions). */
  readonly subscriptionAssignments: { readonly contributor: RoleAssignment; readonly roleAssignmentAdministrator: RoleAssignment };

  constructor(scope: Construct, id: string, props: DeployerIdentityProps) {
    super(scope, id);
    const { name, location, resourceGroupName } = props;
    this.identity = new UserAssignedIdentity(this, "identity", { name, location, resourceGroupName });
    for (const [credential, federation] of Object.entries(props.federation)) {
      new FederatedIdentityCredential(this, `federation-${credential}`, {
        name: credential,
        resourceGroupName,
        parentId: this.identity.id,
        issuer: federation.issuer,
        subject: federation.subject,
        audience: [FEDERATED_TOKEN_AUDIENCE],
      });
    }
    const principal = { principalId: this.identity.principalId, principalType: "ServicePrincipal", skipServicePrincipalAadCheck: true };
    this.subscriptionAssignments = {
      contributor: new RoleAssignment(this, "contributor", {
        ...principal,
        scope: props.subscriptionScope,
        roleDefinitionName: "Contributor",
        description: "Deploys the environment's stacks (cannot grant access: Contributor excludes Microsoft.Authorization writes)",
      }),
      roleAssignmentAdministrator: new RoleAssignment(this, "role-assignment-administrator", {
        ...principal,
        scope: props.subscriptionScope,
        roleDefinitionName: "Role Based Access Control Administrator",
        description: "Grants the stacks' least-privilege roles to workload identities, never to itself",
        conditionVersion: "2.0",
        condition: constrainedRoleAssignmentCondition(props.assignableRoleIds, this.identity.principalId, props.servicePrincipalOnlyRoleIds),
      }),
    };
    for (const [grant, access] of Object.entries(props.dataAccess ?? {})) {
      new ResourceInterfaces(this, `data-${grant}`, {
        resourceId: access.scope,
        placement: { name: grant, location, resourceGroupName },
        props: { roleAssignments: { deployer: { principalId: this.identity.principalId, roleDefinitionName: access.role, description: "The deploy pipeline" } } },
      });
    }
  }
}

/**
 * The ABAC condition of a constrained role-assignment administrator: writes and deletes only of assignments of the
 * given role definitions (and of `servicePrincipalOnlyRoleIds` to service principals only), and never for
 * `excludedPrincipalId`. Format from Microsoft Learn, "Examples to delegate Azure role assignment management with
 * conditions" (constrain roles; constrain roles and principal types; constrain principals) and "Azure role
 * assignment condition format and syntax" (`!` negates an expression).
 */
export function constrainedRoleAssignmentCondition(roleIds: readonly string[], excludedPrincipalId: string, servicePrincipalOnlyRoleIds: readonly string[] = []): string {
  if (roleIds.length === 0) throw new Error("constrainedRoleAssignmentCondition: no role may be assigned. Fix: list at least one role definition GUID");
  const list = (ids: readonly string[]) => [...new Set(ids)].sort().join(", ");
  const action = (verb: "write" | "delete", attribute: "@Request" | "@Resource") => {
    const notSelf = `!(${attribute}[Microsoft.Authorization/roleAssignments:PrincipalId] ForAnyOfAnyValues:GuidEquals {${excludedPrincipalId}})`;
    const roles = (ids: readonly string[]) => `${attribute}[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${list(ids)}}`;
    const servicePrincipalOnly =
      servicePrincipalOnlyRoleIds.length === 0
        ? ""
        : ` OR (${roles(servicePrincipalOnlyRoleIds)} AND ${attribute}[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'ServicePrincipal'} AND ${notSelf})`;
    return `(!(ActionMatches{'Microsoft.Authorization/roleAssignments/${verb}'})) OR (${roles(roleIds)} AND ${notSelf})${servicePrincipalOnly}`;
  };
  return `((${action("write", "@Request")}) AND (${action("delete", "@Resource")}))`;
}
