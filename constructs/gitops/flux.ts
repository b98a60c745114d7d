import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { KubernetesClusterExtension } from "@cdktf/provider-azurerm/lib/kubernetes-cluster-extension";
import { KubernetesFluxConfiguration } from "@cdktf/provider-azurerm/lib/kubernetes-flux-configuration";

export interface FluxKustomization {
  readonly name: string;
  /** Folder in the source whose YAML files are applied (no kustomization.yaml needed). */
  readonly path: string;
  /**
   * Values Flux writes into `${NAME}` placeholders after the build (post_build.substitute). Changing one is an ARM
   * call on the configuration, so on-call can change them from anywhere, without access to the cluster.
   */
  readonly substitute?: Readonly<Record<string, string>>;
  /** Other kustomizations of the configuration that must be ready first. */
  readonly dependsOn?: readonly string[];
}

export interface FluxGitOpsProps {
  readonly clusterId: string;
  /** Name of the Flux configuration (one per cluster here). */
  readonly name: string;
  /** The source container as its data-plane URL, `https://<account>.blob.core.windows.net/<container>` (the provider validates this form). */
  readonly containerUrl: string;
  /**
   * Client ID of the managed identity that reads the container; it needs Storage Blob Data Reader there. The
   * kubelet identity: the one the source controller can use through the node (the provider's own acceptance test
   * uses it; Learn: gitops-flux2-parameters, "managed identity must be assigned at minimum the Storage Blob Data Reader role").
   */
  readonly readerClientId: string;
  readonly kustomizations: readonly FluxKustomization[];
  /** How often Flux looks for changed manifests and reconciles drift. @default 120 s */
  readonly syncIntervalSeconds?: number;
  /** What must exist first: the reader's role assignment (after propagation) and the manifests. */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * GitOps on AKS as mspnp/aks-baseline bootstraps it: the `microsoft.flux` cluster extension with only the source and
 * kustomize controllers, and one cluster-scoped configuration. Flux pulls from the source (here a blob container
 * reached through its private endpoint), so nothing outside the cluster needs its API server and local accounts stay
 * off. Pruning is on: an object removed from the source is removed from the cluster.
 */
export class FluxGitOps extends Construct {
  readonly extension: KubernetesClusterExtension;
  readonly configuration: KubernetesFluxConfiguration;

  constructor(scope: Construct, id: string, props: FluxGitOpsProps) {
    super(scope, id);
    const interval = props.syncIntervalSeconds ?? 120;
    this.extension = new KubernetesClusterExtension(this, "extension", {
      name: "flux",
      clusterId: props.clusterId,
      extensionType: "microsoft.flux",
      releaseTrain: "Stable",
      releaseNamespace: "flux-system",
      configurationSettings: {
        "source-controller.enabled": "true",
        "kustomize-controller.enabled": "true",
        "helm-controller.enabled": "false",
        "notification-controller.enabled": "false",
        "image-automation-controller.enabled": "false",
        "image-reflector-controller.enabled": "false",
      },
    });
    this.configuration = new KubernetesFluxConfiguration(this, "configuration", {
      name: props.name,
      clusterId: props.clusterId,
      namespace: "flux-system",
      // azurerm defaults to namespace scope, which confines Flux to flux-system; the manifests span namespaces.
      scope: "cluster",
      blobStorage: { containerId: props.containerUrl, managedIdentity: { clientId: props.readerClientId }, syncIntervalInSeconds: interval },
      kustomizations: props.kustomizations.map((kustomization) => ({
        name: kustomization.name,
        path: kustomization.path,
        syncIntervalInSeconds: interval,
        retryIntervalInSeconds: 60,
        timeoutInSeconds: 600,
        garbageCollectionEnabled: true,
        dependsOn: kustomization.dependsOn ? [...kustomization.dependsOn] : undefined,
        postBuild: kustomization.substitute ? { substitute: { ...kustomization.substitute } } : undefined,
      })),
      dependsOn: [this.extension, ...(props.dependsOn ?? [])],
    });
  }
}
