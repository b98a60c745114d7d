import { fail, pass, unknown } from "../../../engine/rule";
import { isAbsent } from "../../../model/value";
import { show } from "../../../engine/checks";
import { bodyValue } from "../../../rules/common/azapi";
import { definePreflightRule } from "../../rule";
import { deploymentComputeType, isOnlineDeployment, managedNetworkMode, workspaceOfDeployment } from "./relations";

export const amlDeploymentEgressUnderManagedNetwork = definePreflightRule({
  id: "FHI-PF-AML-003",
  title: "No egressPublicNetworkAccess on a managed online deployment whose workspace has a managed network",
  severity: "error",
  service: "serving",
  resourceTypes: ["azapi_resource"],
  applies: isOnlineDeployment,
  rationale:
    "With a workspace managed virtual network, the network's outbound rules decide what a deployment reaches; Microsoft documents that the deployment's egress flag \"no longer applies. Avoid setting this flag when creating the managed online deployment\". A value there is a setting of the legacy network isolation mixed into the managed one.",
  remediation: "Leave properties.egressPublicNetworkAccess out of managed online deployments in workspaces with a managed network; add outbound rules to the workspace for what the deployment must reach.",
  sources: ["https://learn.microsoft.com/azure/machine-learning/concept-secure-online-endpoint (Secure outbound access with workspace managed virtual network)"],
  check: (deployment, model) => {
    const egress = bodyValue(deployment, "properties.egressPublicNetworkAccess");
    if (isAbsent(egress)) return pass("body.properties.egressPublicNetworkAccess is not set");
    if (deploymentComputeType(deployment) !== "Managed") return pass("not a managed deployment: the flag is not Azure ML's network isolation");
    const workspace = workspaceOfDeployment(model, deployment);
    if (!workspace) return unknown(`body.properties.egressPublicNetworkAccess is ${show(egress)} and the workspace is not in the input`);
    const mode = managedNetworkMode(workspace);
    return mode
      ? fail(`body.properties.egressPublicNetworkAccess is ${show(egress)} while ${workspace.address} has a managed network (${mode})`)
      : pass(`${workspace.address} has no managed network: the flag governs the deployment's egress`);
  },
});
