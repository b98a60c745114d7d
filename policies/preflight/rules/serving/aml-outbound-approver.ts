import { fail, pass, unknown } from "../../../engine/rule";
import type { ResourceModel } from "../../../model/model";
import type { Resource } from "../../../model/resource";
import { valueAt } from "../../../model/value";
import { describeArmPath } from "../../arm-scope";
import { definePreflightRule } from "../../rule";
import { armPathAt, grantsCovering, literalAt, WORKSPACE } from "./relations";

const APPROVER = "Azure AI Enterprise Network Connection Approver";
/** The workspace's own resources: Azure ML creates and approves their private endpoints itself (how-to-managed-network, List of required rules). */
const OWN_RESOURCES = ["storage_account_id", "key_vault_id", "container_registry_id", "application_insights_id"];

/** The identity a workspace acts as: its primary user-assigned identity, its only one, or its system identity. */
function workspaceIdentity(model: ResourceModel, workspace: Resource): Resource | undefined {
  const primary = model.referencedBy(workspace, "primary_user_assigned_identity").find((target) => target.type === "azurerm_user_assigned_identity");
  if (primary) return primary;
  const assigned = model.referencedBy(workspace, "identity.identity_ids").filter((target) => target.type === "azurerm_user_assigned_identity");
  if (assigned.length === 1) return assigned[0];
  return String(valueAt(workspace.values, "identity.type")).includes("SystemAssigned") ? workspace : undefined;
}

export const amlOutboundRuleApprovable = definePreflightRule({
  id: "FHI-PF-AML-004",
  title: "A managed-network private endpoint to another resource can be approved by the workspace's identity",
  severity: "error",
  service: "serving",
  resourceTypes: ["azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint"],
  rationale:
    "Azure ML creates a managed-network private endpoint to a resource that is not one of the workspace's own as the workspace's identity, which must be allowed to approve it; since April 30th 2025 nothing grants that automatically. Without Azure AI Enterprise Network Connection Approver on the target (or its resource group or subscription) the endpoint stays pending: provisioning reports success, and deployments cannot pull what lies behind it.",
  remediation: `Assign ${APPROVER} to the workspace's identity on the target before the managed network is provisioned again (stacks/serving/managed-serving.ts), after the grant has propagated.`,
  sources: [
    "https://learn.microsoft.com/azure/machine-learning/how-to-managed-network (If you are using UAI workspace please make sure to add the Azure AI Enterprise Network Connection Approver role)",
    "https://aka.ms/azureaipeapproval",
    "https://learn.microsoft.com/azure/machine-learning/how-to-identity-based-service-authentication (User-assigned managed identity)",
  ],
  check: (rule, model) => {
    const workspace = model.referencedBy(rule, "workspace_id").find((target) => target.type === WORKSPACE);
    if (!workspace) return pass("the workspace is not in the input");
    const target = model.referencedBy(rule, "service_resource_id")[0];
    const targetPath = armPathAt(model, rule, "service_resource_id");
    const targetName = target?.address ?? literalAt(rule, "service_resource_id") ?? "the target";
    const own = OWN_RESOURCES.some((path) => (target && model.referencedBy(workspace, path).some((resource) => resource.key === target.key)) || (valueAt(workspace.values, path) !== undefined && valueAt(workspace.values, path) === valueAt(rule.values, "service_resource_id")));
    if (own) return pass(`${targetName} is one of the workspace's own resources, whose endpoints Azure ML approves itself`);
    if (!target && !targetPath) return unknown(`the target ${targetName} is neither a resource of the input nor an ARM ID`);
    const identity = workspaceIdentity(model, workspace);
    if (!identity) return unknown(`${workspace.address}'s identity is not in the input`);
    const grants = grantsCovering(model, identity, [APPROVER], { resource: target, path: targetPath });
    return grants.length > 0
      ? pass(`${identity.address} holds ${APPROVER} through ${grants.map((grant) => grant.address).join(", ")}`)
      : fail(`${identity.address}, ${workspace.address}'s identity, holds no ${APPROVER} on ${targetName}${targetPath ? ` (${describeArmPath(targetPath)})` : ""} or its resource group or subscription: the private endpoint stays pending`);
  },
});
