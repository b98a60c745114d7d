import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import { FEDERATED_TOKEN_AUDIENCE } from "../deployer/deployer-identity";
import { FluxGitOps } from "../gitops/flux";
import { ManifestBundle } from "../gitops/manifest-bundle";
import { ResourceInterfaces } from "../shared/resource-interfaces";
import { PropagationWait, ROLE_PROPAGATION } from "../time/sleep";
import { modelServingManifests, SERVICE_ACCOUNTS, type ModelServingManifestProps } from "./manifests";

export interface WorkloadIdentity {
  /** Resource ID of the user-assigned identity. */
  readonly id: string;
  /** Resource group of the identity, where its federated credentials live. */
  readonly resourceGroupName: string;
  readonly clientId: string;
  readonly principalId: string;
}

export interface AksModelServingProps {
  /** Where the cluster is; names the role assignments' construct placement. */
  readonly location: string;
  readonly resourceGroupName: string;
  readonly clusterId: string;
  /** Name of the Flux configuration and its kustomization: what on-call tooling patches the variables of. */
  readonly configurationName: string;
  /** The cluster's OIDC issuer, which federated credentials trust. */
  readonly oidcIssuerUrl: string;
  /** Reads the manifests for Flux (the kubelet identity). */
  readonly manifestReader: Pick<WorkloadIdentity, "clientId" | "principalId">;
  /** The container Flux reads: its account, ARM ID (for the reader's role) and data-plane URL. */
  readonly source: { readonly storageAccountName: string; readonly containerName: string; readonly containerId: string; readonly containerUrl: string; readonly folder: string };
  /** Identities the pods and KEDA act as; each gets a federated credential for its service account. */
  readonly identities: { readonly modelServer: WorkloadIdentity; readonly router: WorkloadIdentity; readonly autoscaler: WorkloadIdentity };
  readonly manifests: ModelServingManifestProps;
  /** Flux post-build variables (replica bounds, traffic and mirrored shares), which on-call may change through ARM. */
  readonly variables: Readonly<Record<string, string>>;
  /** What the workloads need before Flux applies them: images in the registry, private endpoints, grants. */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** KEDA's operator as the AKS add-on runs it (Learn: keda-workload-identity). */
const KEDA_OPERATOR = { namespace: "kube-system", serviceAccount: "keda-operator" } as const;

/**
 * The model served AKS-natively (docs/adr/0003-gpu-serving.md): the manifests written to the GitOps container, the
 * Flux extension and configuration that apply them, and the workload identities of the model server (reads the
 * weights), the router (reads its TLS certificate) and KEDA (reads the queue from Azure Monitor).
 */
export class AksModelServing extends Construct {
  readonly bundle: ManifestBundle;
  readonly gitops: FluxGitOps;
  readonly federatedCredentials: Record<keyof AksModelServingProps["identities"], FederatedIdentityCredential>;

  constructor(scope: Construct, id: string, props: AksModelServingProps) {
    super(scope, id);
    const namespace = props.manifests.namespace;
    const subjects = {
      modelServer: `system:serviceaccount:${namespace}:${SERVICE_ACCOUNTS.modelServer}`,
      router: `system:serviceaccount:${namespace}:${SERVICE_ACCOUNTS.router}`,
      autoscaler: `system:serviceaccount:${KEDA_OPERATOR.namespace}:${KEDA_OPERATOR.serviceAccount}`,
    };
    this.federatedCredentials = Object.fromEntries(
      (Object.keys(subjects) as (keyof typeof subjects)[]).map((role) => [
        role,
        new FederatedIdentityCredential(this, `federation-${role}`, {
          name: `aks-${role}`,
          resourceGroupName: props.identities[role].resourceGroupName,
          parentId: props.identities[role].id,
          issuer: props.oidcIssuerUrl,
          subject: subjects[role],
          audience: [FEDERATED_TOKEN_AUDIENCE],
        }),
      ]),
    ) as AksModelServing["federatedCredentials"];

    const reader = new ResourceInterfaces(this, "manifest-reader", {
      resourceId: props.source.containerId,
      placement: { name: "manifest-reader", location: props.location, resourceGroupName: props.resourceGroupName },
      props: { roleAssignments: { flux: { principalId: props.manifestReader.principalId, roleDefinitionName: "Storage Blob Data Reader", description: "Flux reads the serving manifests" } } },
    });
    const readable = new PropagationWait(this, "manifest-reader-propagated", { after: Object.values(reader.roleAssignments), duration: ROLE_PROPAGATION });

    this.bundle = new ManifestBundle(this, "manifests", {
      storageAccountName: props.source.storageAccountName,
      containerName: props.source.containerName,
      folder: props.source.folder,
      files: modelServingManifests(props.manifests),
    });
    this.gitops = new FluxGitOps(this, "flux", {
      clusterId: props.clusterId,
      name: props.configurationName,
      containerUrl: props.source.containerUrl,
      readerClientId: props.manifestReader.clientId,
      kustomizations: [{ name: props.configurationName, path: `./${props.source.folder}`, substitute: props.variables }],
      // Pods sign in with their federated credentials as soon as they start.
      dependsOn: [readable, ...this.bundle.blobs, ...Object.values(this.federatedCredentials), ...(props.dependsOn ?? [])],
    });
  }
}
