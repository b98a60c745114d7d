import { fail, pass } from "../../../engine/rule";
import { isGpuSize, objectName, placementOf, podSpecOf, type ManifestObject } from "../../kubernetes";
import { definePreflightRule } from "../../rule";
import { manifestBlobsOfCluster, manifestsOfBlob, nodePoolsOf } from "./relations";

/** NVIDIA's device plugin image, under any registry (Learn deploys nvcr.io/nvidia/k8s-device-plugin; we import it). */
const DEVICE_PLUGIN_IMAGE = /(^|\/)nvidia\/k8s-device-plugin[@:]/;

function isDevicePlugin(object: ManifestObject): boolean {
  return object.kind === "DaemonSet" && (podSpecOf(object)?.containers ?? []).some((container) => DEVICE_PLUGIN_IMAGE.test(container.image ?? ""));
}

export const aksGpuPoolsHaveDevicePlugin = definePreflightRule({
  id: "FHI-PF-AKS-003",
  title: "A cluster with GPU pools gets NVIDIA's device plugin on every GPU pool through its GitOps manifests",
  severity: "error",
  service: "serving",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  rationale:
    "AKS installs the NVIDIA driver on GPU nodes but not the device plugin, which advertises nvidia.com/gpu to the scheduler; without it on a pool (a DaemonSet that selects and tolerates the pool), no pod that requests GPUs is ever scheduled there. With a private API server and local accounts off, GitOps is the only way it gets installed.",
  remediation: "Deliver NVIDIA's device plugin DaemonSet with the cluster's Flux manifests, tolerating every taint of every GPU pool (constructs/model-serving/manifests.ts, devicePlugin).",
  sources: [
    "https://learn.microsoft.com/azure/aks/use-nvidia-gpu (While the NVIDIA drivers are installed by default on GPU capable nodes, you need to install the device plugin)",
    "https://github.com/NVIDIA/k8s-device-plugin",
  ],
  check: (cluster, model) => {
    const gpuPools = nodePoolsOf(model, cluster).filter((pool) => isGpuSize(pool.vmSize));
    if (gpuPools.length === 0) return pass("no GPU pool");
    const plugins = manifestBlobsOfCluster(model, cluster).flatMap((blob) => {
      const manifests = manifestsOfBlob(blob);
      return "objects" in manifests ? manifests.objects.filter(isDevicePlugin) : [];
    });
    if (plugins.length === 0) return fail(`GPU pools ${gpuPools.map((pool) => pool.name).join(", ")}, and no NVIDIA device plugin DaemonSet in the manifests Flux applies to the cluster`);
    const uncovered = gpuPools.filter((pool) => !plugins.some((plugin) => placementOf(podSpecOf(plugin)!, [pool]).schedulable.length > 0));
    if (uncovered.length === 0) return pass(`${plugins.map(objectName).join(", ")} runs on GPU pools ${gpuPools.map((pool) => pool.name).join(", ")}`);
    return fail(
      uncovered
        .map((pool) => {
          const blocked = plugins.flatMap((plugin) => placementOf(podSpecOf(plugin)!, [pool]).blocked);
          return blocked.length > 0 ? `the device plugin does not tolerate ${blocked[0].taints.join(", ")} of GPU pool ${pool.name}` : `the device plugin does not select GPU pool ${pool.name}`;
        })
        .join("; "),
    );
  },
});
