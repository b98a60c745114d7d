import { fail, pass } from "../../../engine/rule";
import { valueAt } from "../../../model/value";
import { definePreflightRule } from "../../rule";

export const azureMlExtensionLocalAccounts = definePreflightRule({
  id: "FHI-PF-AKS-001",
  title: "The Azure ML extension is not installed on a cluster with local accounts disabled",
  severity: "error",
  service: "kubernetes",
  resourceTypes: ["azurerm_kubernetes_cluster_extension"],
  applies: (extension) => String(valueAt(extension.values, "extension_type")).toLowerCase() === "microsoft.azureml.kubernetes",
  rationale: "Microsoft documents that Azure Machine Learning does not support disabling local accounts for AKS; the extension or the compute attach fails.",
  remediation: "Keep local accounts disabled and serve from AKS natively (docs/adr/0003-gpu-serving.md), or accept local accounts with compensating controls and a suppression naming them.",
  sources: ["https://learn.microsoft.com/azure/machine-learning/how-to-deploy-kubernetes-extension (Limitations)"],
  check: (extension, model) => {
    const cluster = model.referencedBy(extension, "cluster_id").find((target) => target.type === "azurerm_kubernetes_cluster");
    if (!cluster) return pass("the cluster is not in the input");
    return valueAt(cluster.values, "local_account_disabled") === true ? fail(`${cluster.address} has local_account_disabled = true`) : pass("local accounts are enabled on the cluster");
  },
});
