import { Construct } from "constructs";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import type { ServiceRequiredRole } from "./roles";

export interface ServiceRequiredRoleAssignmentProps {
  /** One resource: never a resource group or subscription. */
  readonly scope: string;
  readonly principalId: string;
  readonly role: ServiceRequiredRole;
  /** Who requires it and where they say so: a Microsoft Learn page and section, shown to reviewers. */
  readonly documentedBy: string;
}

/**
 * A role wider than our least-privilege list that an Azure service documents as required of the identity it acts
 * as (Azure ML's user-assigned workspace identity, for one). The documentation travels with the grant as the
 * assignment's description; the stack that grants it records the same source as the policy exception reviewers see.
 */
export class ServiceRequiredRoleAssignment extends Construct {
  readonly assignment: RoleAssignment;

  constructor(scope: Construct, id: string, props: ServiceRequiredRoleAssignmentProps) {
    super(scope, id);
    if (/^\/subscriptions\/[^/]+(\/resourceGroups\/[^/]+)?\/?$/i.test(props.scope)) {
      throw new Error(`${this.node.path}: ${props.role} at ${props.scope} would cover every resource there. Fix: scope it to the one resource the service needs`);
    }
    this.assignment = new RoleAssignment(this, "assignment", {
      scope: props.scope,
      principalId: props.principalId,
      principalType: "ServicePrincipal",
      roleDefinitionName: props.role,
      description: `Required by ${props.documentedBy}`,
      skipServicePrincipalAadCheck: true,
    });
  }
}
