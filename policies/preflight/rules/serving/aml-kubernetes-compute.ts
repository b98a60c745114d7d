import { fail, pass } from "../../../engine/rule";
import type { ResourceModel } from "../../../model/model";
import type { Resource } from "../../../model/resource";
import { valueAt } from "../../../model/value";
import { bodyValue } from "../../../rules/common/azapi";
import { definePreflightRule } from "../../rule";
import { armType } from "../common";
import { managedNetworkMode, WORKSPACE } from "./relations";

const AML_COMPUTE = "microsoft.machinelearningservices/workspaces/computes";

/** Where each form names its workspace and the cluster it attaches. */
const PATHS = {
  azapi_resource: { workspace: "parent_id", cluster: "body.properties.resourceId" },
  azurerm_machine_learning_inference_cluster: { workspace: "machine_learning_workspace_id", cluster: "kubernetes_cluster_id" },
} as const;

/** The problems Azure ML documents for a Kubernetes compute: its workspace's managed network, its cluster's local accounts. */
export function kubernetesComputeProblems(model: ResourceModel, compute: Resource): string[] {
  const paths = PATHS[compute.type as keyof typeof PATHS];
  const workspace = model.referencedBy(compute, paths.workspace).find((target) => target.type === WORKSPACE);
  const cluster = model.referencedBy(compute, paths.cluster).find((target) => target.type === "azurerm_kubernetes_cluster");
  const mode = workspace && managedNetworkMode(workspace);
  return [
    ...(workspace && mode ? [`${workspace.address} has a managed network (${mode})`] : []),
    ...(cluster && valueAt(cluster.values, "local_account_disabled") === true ? [`${cluster.address} has local_account_disabled = true`] : []),
  ];
}

export const amlManagedNetworkWithKubernetes = definePreflightRule({
  id: "FHI-PF-AML-001",
  title: "No Azure ML Kubernetes compute on a workspace with a managed network or a cluster without local accounts",
  severity: "error",
  service: "serving",
  resourceTypes: ["azapi_resource", "azurerm_machine_learning_inference_cluster"],
  applies: (resource) => resource.type !== "azapi_resource" || armType(resource) === AML_COMPUTE,
  rationale:
    "Microsoft documents that Kubernetes computes and attached VMs are not supported in an Azure ML managed virtual network, and that Azure Machine Learning does not support AKS clusters with local accounts disabled; the attach fails or the compute never serves.",
  remediation: "Serve from the AKS cluster natively (docs/adr/0003-gpu-serving.md), or attach only clusters with local accounts to workspaces without a managed network.",
  sources: [
    "https://learn.microsoft.com/azure/machine-learning/how-to-managed-network (Limitations: Kubernetes and attached VMs aren't supported)",
    "https://learn.microsoft.com/azure/machine-learning/how-to-deploy-kubernetes-extension (Limitations: local accounts)",
  ],
  check: (compute, model) => {
    if (compute.type === "azapi_resource" && bodyValue(compute, "properties.computeType") !== "Kubernetes") return pass("not a Kubernetes compute");
    const problems = kubernetesComputeProblems(model, compute);
    return problems.length > 0 ? fail(problems.join("; ")) : pass("the workspace has no managed network and the attached cluster keeps local accounts (or they are not in the input)");
  },
});
