import { Construct } from "constructs";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { RoleDefinition } from "@cdktf/provider-azurerm/lib/role-definition";

/** The one data action a caller of an Entra-ID-authenticated online endpoint needs. */
export const SCORE_ACTION = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/score/action";

export interface ScoringAccessProps {
  /** Unique in the tenant, e.g. `Online endpoint scorer (rg-fhi-prod-sdc-inference)`. */
  readonly roleName: string;
  /** Resource group of the endpoints: where the role is defined and may be assigned (custom roles cannot be defined on a resource). */
  readonly resourceGroupId: string;
  /** The identity that calls the endpoints (the gateway's). */
  readonly principalId: string;
  /** Endpoint resource IDs by name; the role is assigned on each endpoint, not on the group. */
  readonly endpointIds: Readonly<Record<string, string>>;
}

/**
 * Lets one identity score the given online endpoints and nothing else. The built-in roles that include
 * `score/action` (AzureML Data Scientist) also manage workspaces, so a custom role holds just that data action.
 */
export class ScoringAccess extends Construct {
  readonly role: RoleDefinition;
  readonly assignments: Record<string, RoleAssignment> = {};

  constructor(scope: Construct, id: string, props: ScoringAccessProps) {
    super(scope, id);
    this.role = new RoleDefinition(this, "role", {
      name: props.roleName,
      scope: props.resourceGroupId,
      description: "Score Azure ML online endpoints (data action only); held by the model gateway's identity.",
      permissions: [{ actions: [], dataActions: [SCORE_ACTION] }],
      assignableScopes: [props.resourceGroupId],
    });
    for (const [name, endpointId] of Object.entries(props.endpointIds)) {
      this.assignments[name] = new RoleAssignment(this, `score-${name}`, {
        scope: endpointId,
        roleDefinitionId: this.role.roleDefinitionResourceId,
        principalId: props.principalId,
        principalType: "ServicePrincipal",
        description: `The model gateway scores ${name}`,
        // The identity may have been created in the same apply and not replicated in Entra ID yet.
        skipServicePrincipalAadCheck: true,
      });
    }
  }
}
