import { fail, pass } from "../../../engine/rule";
import { valueAt } from "../../../model/value";
import { definePreflightRule } from "../../rule";
import { armType } from "../common";

export const amlManagedNetworkWithKubernetes = definePreflightRule({
  id: "FHI-PF-AML-001",
  title: "No Kubernetes compute on an Azure ML workspace with a managed virtual network",
  severity: "error",
  service: "machine-learning",
  resourceTypes: ["azapi_resource", "azurerm_machine_learning_inference_cluster"],
  applies: (resource) => resource.type !== "azapi_resource" || armType(resource) === "microsoft.machinelearningservices/workspaces/computes",
  rationale: "Microsoft documents that Kubernetes computes and attached VMs are not supported in an Azure ML managed virtual network; the attach fails or the compute never serves.",
  remediation: "Serve from the AKS cluster natively (docs/adr/0003-gpu-serving.md), or use a workspace without a managed network for Kubernetes computes.",
  sources: ["https://learn.microsoft.com/azure/machine-learning/how-to-managed-network (Limitations)"],
  check: (compute, model) => {
    if (compute.type === "azapi_resource" && valueAt(compute.values, "body.properties.computeType") !== "Kubernetes") return pass("not a Kubernetes compute");
    const workspace = model.referencedBy(compute, compute.type === "azapi_resource" ? "parent_id" : "machine_learning_workspace_id").find((target) => target.type === "azurerm_machine_learning_workspace");
    if (!workspace) return pass("the workspace is not in the input");
    const mode = valueAt(workspace.values, "managed_network.isolation_mode");
    return typeof mode === "string" && mode !== "Disabled" ? fail(`${workspace.address} has a managed network (${mode})`) : pass("the workspace has no managed network");
  },
});
