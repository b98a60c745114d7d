import { Construct } from "constructs";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { RoleDefinition } from "@cdktf/provider-azurerm/lib/role-definition";

/** The one data action a caller of an Entra-ID-authenticated online endpoint needs. */
export const SCORE_ACTION = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/score/action";

export interface ScoringRoleDefinitionProps {
  /** Unique in the tenant, e.g. `Online endpoint scorer (fhi-prod)`. */
  readonly roleName: string;
  /** Where the role is defined and may be assigned: the subscription (custom roles cannot be defined on a resource). */
  readonly scope: string;
  /** A GUID fixed before the role exists, so that a delegated administrator's condition can name it. */
  readonly roleDefinitionId: string;
}

/**
 * The one data action a caller of an Entra-ID-authenticated online endpoint needs, as a custom role. The built-in
 * roles that include `score/action` (AzureML Data Scientist) also manage workspaces. Defining roles needs
 * `Microsoft.Authorization/roleDefinitions/write`, which the deploy pipeline does not hold (it could otherwise widen
 * a role it may assign), so the role is defined in the bootstrap, by an operator.
 */
export class ScoringRoleDefinition extends Construct {
  readonly role: RoleDefinition;

  constructor(scope: Construct, id: string, props: ScoringRoleDefinitionProps) {
    super(scope, id);
    this.role = new RoleDefinition(this, "role", {
      name: props.roleName,
      roleDefinitionId: props.roleDefinitionId,
      scope: props.scope,
      description: "Score Azure ML online endpoints (data action only); held by the model gateway's identity.",
      permissions: [{ actions: [], dataActions: [SCORE_ACTION] }],
      assignableScopes: [props.scope],
    });
  }
}

export interface ScoringAccessProps {
  /** ARM ID of the scoring role definition (ScoringRoleDefinition, applied with the bootstrap). */
  readonly roleDefinitionId: string;
  /** The identity that calls the endpoints (the gateway's). */
  readonly principalId: string;
  /** Endpoint resource IDs by name; the role is assigned on each endpoint, not on its resource group. */
  readonly endpointIds: Readonly<Record<string, string>>;
}

/** Lets one identity score the given online endpoints and nothing else. */
export class ScoringAccess extends Construct {
  readonly assignments: Record<string, RoleAssignment> = {};

  constructor(scope: Construct, id: string, props: ScoringAccessProps) {
    super(scope, id);
    for (const [name, endpointId] of Object.entries(props.endpointIds)) {
      this.assignments[name] = new RoleAssignment(this, `score-${name}`, {
        scope: endpointId,
        roleDefinitionId: props.roleDefinitionId,
        principalId: props.principalId,
        principalType: "ServicePrincipal",
        description: `The model gateway scores ${name}`,
        // The identity may have been created in the same apply and not replicated in Entra ID yet.
        skipServicePrincipalAadCheck: true,
      });
    }
  }
}
