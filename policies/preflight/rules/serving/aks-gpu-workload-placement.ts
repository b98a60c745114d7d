import { fail, pass, unknown } from "../../../engine/rule";
import { gpuPlacementProblem, objectName, podSpecOf, requestsGpu } from "../../kubernetes";
import { definePreflightRule } from "../../rule";
import { clusterOf, fluxConfigurationsApplying, isManifestBlob, manifestsOfBlob, nodePoolsOf } from "./relations";

export const aksGpuWorkloadsFitTheirPool = definePreflightRule({
  id: "FHI-PF-AKS-002",
  title: "GPU workloads in the GitOps manifests select a GPU pool of their cluster and tolerate all its taints",
  severity: "error",
  service: "serving",
  resourceTypes: ["azurerm_storage_blob"],
  applies: isManifestBlob,
  rationale:
    "A pod that requests nvidia.com/gpu runs only on a node of a GPU pool it selects, and only if it tolerates every NoSchedule and NoExecute taint of that pool (AKS taints Spot pools itself; GPU pools are tainted so that nothing else lands there). Otherwise it stays Pending for ever: Flux reports the manifests applied and the model never serves.",
  remediation:
    "Give the workload a nodeSelector that matches one GPU pool's labels (or its agentpool name) and a toleration for each of that pool's taints, rendered from the same pool config (constructs/model-serving/manifests.ts).",
  sources: [
    "https://learn.microsoft.com/azure/aks/use-nvidia-gpu (taint GPU pools, schedule GPU workloads with tolerations)",
    "https://learn.microsoft.com/azure/aks/spot-node-pool (Spot pools carry kubernetes.azure.com/scalesetpriority=spot:NoSchedule)",
    "https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/",
  ],
  check: (blob, model) => {
    const manifests = manifestsOfBlob(blob);
    if ("problem" in manifests) return unknown(`the manifests cannot be read: ${manifests.problem}`);
    const workloads = manifests.objects.flatMap((object) => {
      const pod = podSpecOf(object);
      return pod && requestsGpu(pod) ? [{ name: objectName(object), pod }] : [];
    });
    if (workloads.length === 0) return pass("no workload in it requests GPUs");
    const clusters = fluxConfigurationsApplying(model, blob).map((configuration) => clusterOf(model, configuration)).filter((cluster) => cluster !== undefined);
    if (clusters.length === 0) return unknown(`${workloads.map((workload) => workload.name).join(", ")} request GPUs, and no Flux configuration of a cluster in the input applies this blob`);
    const problems = clusters.flatMap((cluster) => {
      const pools = nodePoolsOf(model, cluster);
      return workloads.flatMap((workload) => {
        const problem = gpuPlacementProblem(workload.pod, pools);
        return problem ? [`${workload.name} on ${cluster.address}: ${problem}`] : [];
      });
    });
    return problems.length > 0 ? fail(problems.join("; ")) : pass(`${workloads.map((workload) => workload.name).join(", ")} can run on a GPU pool they select`);
  },
});
