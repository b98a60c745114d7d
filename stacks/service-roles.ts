import type { Construct } from "constructs";
import { ServiceRequiredRoleAssignment, type ServiceRequiredRoleAssignmentProps } from "../constructs/shared/service-required-role";
import { isPrivilegedRole } from "../constructs/shared/roles";
import { suppressPolicy } from "../policies/cdktf/suppress";

/** Grants a role a service documents as required, with the policy exception (FHI-IAM-001) citing that documentation. */
export function grantServiceRequiredRole(scope: Construct, id: string, props: ServiceRequiredRoleAssignmentProps): ServiceRequiredRoleAssignment {
  const grant = new ServiceRequiredRoleAssignment(scope, id, props);
  if (isPrivilegedRole(props.role)) {
    suppressPolicy(grant.assignment, { ruleId: "FHI-IAM-001", reason: `Documented as required: ${props.documentedBy}. Scoped to this one resource.` });
  }
  return grant;
}
