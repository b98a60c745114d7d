import { fail, pass } from "../../../engine/rule";
import { valueAt } from "../../../model/value";
import { definePreflightRule } from "../../rule";
import { kubernetesComputeProblems } from "./aml-kubernetes-compute";

const ATTACHES = [
  { type: "azapi_resource", path: "body.properties.resourceId" },
  { type: "azurerm_machine_learning_inference_cluster", path: "kubernetes_cluster_id" },
] as const;

export const azureMlExtensionLocalAccounts = definePreflightRule({
  id: "FHI-PF-AKS-001",
  title: "The Azure ML extension only on a cluster Azure ML supports: local accounts on, attached to no workspace with a managed network",
  severity: "error",
  service: "serving",
  resourceTypes: ["azurerm_kubernetes_cluster_extension"],
  applies: (extension) => String(valueAt(extension.values, "extension_type")).toLowerCase() === "microsoft.azureml.kubernetes",
  rationale:
    "Microsoft documents that Azure Machine Learning does not support disabling local accounts for AKS, and that Kubernetes computes are not supported in a workspace managed virtual network; the extension installs but the compute attach fails, and nothing is served.",
  remediation: "Keep local accounts disabled and serve from AKS natively (docs/adr/0003-gpu-serving.md), or accept local accounts with compensating controls and a suppression naming them, and attach the cluster to a workspace without a managed network.",
  sources: [
    "https://learn.microsoft.com/azure/machine-learning/how-to-deploy-kubernetes-extension (Limitations)",
    "https://learn.microsoft.com/azure/machine-learning/how-to-managed-network (Limitations)",
  ],
  check: (extension, model) => {
    const cluster = model.referencedBy(extension, "cluster_id").find((target) => target.type === "azurerm_kubernetes_cluster");
    if (!cluster) return pass("the cluster is not in the input");
    const computes = ATTACHES.flatMap(({ type, path }) => model.referrers(cluster, { types: [type], path }).map((referrer) => referrer.resource));
    const problems = [
      ...(valueAt(cluster.values, "local_account_disabled") === true ? [`${cluster.address} has local_account_disabled = true`] : []),
      ...computes.flatMap((compute) => kubernetesComputeProblems(model, compute).filter((problem) => !problem.startsWith(cluster.address)).map((problem) => `${compute.address} attaches it: ${problem}`)),
    ];
    return problems.length > 0 ? fail(problems.join("; ")) : pass("local accounts are enabled on the cluster and no workspace with a managed network attaches it");
  },
});
