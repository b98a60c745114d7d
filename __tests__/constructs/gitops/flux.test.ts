import { FluxGitOps, type FluxGitOpsProps } from "../../../constructs/gitops/flux";
import { PropagationWait } from "../../../constructs/time/sleep";
import { ofType, single, synthResources } from "../synth";

const CLUSTER_ID = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-test";
const PROPS: FluxGitOpsProps = {
  clusterId: CLUSTER_ID,
  name: "model-serving",
  containerUrl: "https://stdpfhidev.blob.core.windows.net/gitops",
  readerClientId: "kubelet-client-id",
  kustomizations: [
    { name: "model-serving", path: "./clusters/aks-test", substitute: { BLUE_MIN_REPLICAS: "1", BLUE_MAX_REPLICAS: "2" } },
    { name: "extras", path: "./clusters/extras", dependsOn: ["model-serving"] },
  ],
};

const flux = (props: Partial<FluxGitOpsProps> = {}) =>
  synthResources((scope) => {
    const ready = new PropagationWait(scope, "reader-propagated", { after: [], duration: "1s" });
    new FluxGitOps(scope, "flux", { ...PROPS, dependsOn: [ready], ...props });
  });
const resources = flux();

test("the microsoft.flux extension runs only the source and kustomize controllers", () => {
  expect(single(resources, "azurerm_kubernetes_cluster_extension")).toMatchObject({
    name: "flux",
    cluster_id: CLUSTER_ID,
    extension_type: "microsoft.flux",
    release_namespace: "flux-system",
    configuration_settings: {
      "source-controller.enabled": "true",
      "kustomize-controller.enabled": "true",
      "helm-controller.enabled": "false",
      "notification-controller.enabled": "false",
      "image-automation-controller.enabled": "false",
      "image-reflector-controller.enabled": "false",
    },
  });
});

test("one cluster-scoped configuration reads the blob container as the reader identity", () => {
  expect(single(resources, "azurerm_kubernetes_flux_configuration")).toMatchObject({
    name: "model-serving",
    cluster_id: CLUSTER_ID,
    namespace: "flux-system",
    scope: "cluster",
    blob_storage: { container_id: "https://stdpfhidev.blob.core.windows.net/gitops", managed_identity: { client_id: "kubelet-client-id" }, sync_interval_in_seconds: 120 },
  });
});

test("kustomizations prune what leaves the source, take the post-build substitutes, and keep their order", () => {
  const [serving, extras] = single(resources, "azurerm_kubernetes_flux_configuration").kustomizations;
  expect(serving).toEqual({
    name: "model-serving",
    path: "./clusters/aks-test",
    sync_interval_in_seconds: 120,
    retry_interval_in_seconds: 60,
    timeout_in_seconds: 600,
    garbage_collection_enabled: true,
    post_build: { substitute: { BLUE_MIN_REPLICAS: "1", BLUE_MAX_REPLICAS: "2" } },
  });
  expect(extras).toMatchObject({ name: "extras", depends_on: ["model-serving"] });
  expect(extras).not.toHaveProperty("post_build");
});

test("the configuration is created after the extension and whatever it is told to wait for", () => {
  const extension = ofType(resources, "azurerm_kubernetes_cluster_extension")[0];
  const wait = ofType(resources, "time_sleep")[0];
  expect(single(resources, "azurerm_kubernetes_flux_configuration").depends_on).toEqual([`${extension.type}.${extension.name}`, `${wait.type}.${wait.name}`]);
});

test("the sync interval comes from props", () => {
  const configuration = single(flux({ syncIntervalSeconds: 300 }), "azurerm_kubernetes_flux_configuration");
  expect(configuration.blob_storage.sync_interval_in_seconds).toBe(300);
  expect(configuration.kustomizations.map((kustomization: { sync_interval_in_seconds: number }) => kustomization.sync_interval_in_seconds)).toEqual([300, 300]);
});
