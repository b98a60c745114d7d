import { fail, pass, unknown } from "../../../engine/rule";
import type { Resource } from "../../../model/resource";
import { valueAt } from "../../../model/value";
import type { DeploymentModel } from "../../deployment";
import { definePreflightRule } from "../../rule";
import { deploymentComputeType, isOnlineDeployment, literalAt, managedNetworkMode, workspaceOfDeployment } from "./relations";

const OUTBOUND_RULES = [
  "azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint",
  "azurerm_machine_learning_workspace_network_outbound_rule_fqdn",
  "azurerm_machine_learning_workspace_network_outbound_rule_service_tag",
];

/** `provisionManagedNetwork` actions on the workspace (REST: Workspaces - Provision Managed Network). */
function provisioningActions(model: DeploymentModel, workspace: Resource): Resource[] {
  return model
    .referrers(workspace, { types: ["azapi_resource_action"], path: "resource_id" })
    .map((referrer) => referrer.resource)
    .filter((action) => literalAt(action, "action") === "provisionManagedNetwork");
}

export const amlDeploymentAfterManagedNetwork = definePreflightRule({
  id: "FHI-PF-AML-005",
  title: "A managed online deployment is created after its workspace's managed network is provisioned with every outbound rule",
  severity: "error",
  service: "serving",
  resourceTypes: ["azapi_resource"],
  applies: isOnlineDeployment,
  rationale:
    "Azure ML provisions a workspace's managed network lazily: \"To create an online deployment, you must manually provision the managed network\", and the private endpoints of outbound rules are created only when it is provisioned. A deployment created before that fails, or cannot reach the image and model behind an outbound rule added later.",
  remediation:
    "Make the deployment depend on an `azapi_resource_action` that calls provisionManagedNetwork on the workspace after every outbound rule exists (constructs/ml-workspace/ml-workspace.ts, networkReady), or, with no separate outbound rules, create the workspace with managed_network.provision_on_creation_enabled = true.",
  sources: [
    "https://learn.microsoft.com/azure/machine-learning/how-to-managed-network (Manually provision a managed VNet; Private endpoints: created when managed VNet provisioning is forced)",
    "https://learn.microsoft.com/javascript/api/@azure/arm-machinelearning/managednetworkprovisions (ManagedNetworkProvisions: provisions the managed network of a workspace)",
  ],
  check: (deployment, model) => {
    if (deploymentComputeType(deployment) !== "Managed") return pass("not a managed deployment");
    const workspace = workspaceOfDeployment(model, deployment);
    if (!workspace) return pass("the workspace is not in the input");
    if (!managedNetworkMode(workspace)) return pass(`${workspace.address} has no managed network`);
    const rules = OUTBOUND_RULES.flatMap((type) => model.referrers(workspace, { types: [type], path: "workspace_id" }).map((referrer) => referrer.resource));
    const actions = provisioningActions(model, workspace).filter((action) => model.existsBefore(action, deployment));
    const complete = actions.find((action) => rules.every((rule) => model.existsBefore(rule, action)));
    if (complete) return pass(`created after ${complete.address} provisions the managed network with its ${rules.length} outbound rule(s)`);
    const onCreation = valueAt(workspace.values, "managed_network.provision_on_creation_enabled") === true;
    if (rules.length === 0 && onCreation) return pass(`${workspace.address} provisions its managed network on creation and has no outbound rules added later`);
    const why =
      actions.length > 0
        ? `${actions.map((action) => action.address).join(", ")} provisions the managed network before ${rules.filter((rule) => !actions.some((action) => model.existsBefore(rule, action))).map((rule) => rule.address).join(", ")} exists`
        : rules.length > 0
          ? `it waits for no provisionManagedNetwork action on ${workspace.address} after its outbound rules (${rules.map((rule) => rule.address).join(", ")})${onCreation ? "; provisioning on creation comes before them" : ""}`
          : `it waits for no provisionManagedNetwork action on ${workspace.address}, which does not provision on creation`;
    // Without stacks, depends_on is not read (policies/preflight/load.ts): the wait may be there unseen.
    return model.stack(deployment.source.stack) ? fail(why) : unknown(`${why}; depends_on is known from a cdktf.out directory only`);
  },
});
