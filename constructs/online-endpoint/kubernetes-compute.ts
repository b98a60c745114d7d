import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { KubernetesClusterExtension } from "@cdktf/provider-azurerm/lib/kubernetes-cluster-extension";
import { AzapiTrackedResource } from "../azapi/resource";
import { AML_RESOURCE_TYPES, type KubernetesComputeBody } from "../azapi/machine-learning";

/** An Azure ML instance type: which nodes a deployment's pods land on and what each pod reserves. */
export interface InstanceTypeProps {
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly cpu: string;
  readonly memory: string;
  readonly gpus: number;
}

export interface KubernetesComputeProps {
  readonly workspaceId: string;
  readonly location: string;
  /** AML compute name: 2-16 letters, digits or hyphens. */
  readonly name: string;
  readonly clusterId: string;
  /** Namespace the inference pods run in. @default "azureml-serving" */
  readonly namespace?: string;
  readonly instanceTypes: Readonly<Record<string, InstanceTypeProps>>;
  readonly defaultInstanceType: string;
  /**
   * TLS for the inference router: the host name clients use and the Kubernetes secret (cert.pem, key.pem) in the
   * `azureml` namespace that holds its certificate, synced from Key Vault by the secrets-store CSI driver.
   */
  readonly tls: { readonly cname: string; readonly secretName: string };
  /** Run the inference router with three replicas spread over nodes. @default true */
  readonly highAvailability?: boolean;
  /**
   * Nodes the extension's own components (router, operators) run on; they tolerate no GPU or system taint.
   * Keys are Helm value paths, so a label key must not contain dots: `{ agentpool: "service" }`.
   */
  readonly componentNodeSelector: Readonly<Record<string, string>>;
  /** What must exist before the extension installs, e.g. the node pools its components run on. */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Attaches an AKS cluster to an Azure ML workspace as a Kubernetes compute: the `microsoft.azureml.kubernetes`
 * cluster extension (inference only, router on an internal load balancer, TLS only) and the workspace compute.
 */
export class KubernetesCompute extends Construct {
  readonly extension: KubernetesClusterExtension;
  readonly compute: AzapiTrackedResource<KubernetesComputeBody>;

  constructor(scope: Construct, id: string, props: KubernetesComputeProps) {
    super(scope, id);
    for (const key of Object.keys(props.componentNodeSelector)) {
      if (key.includes(".")) throw new Error(`${this.node.path}: componentNodeSelector key "${key}" contains a dot, which Helm reads as nesting. Fix: select on a label without dots, e.g. agentpool`);
    }
    const nodeSelector = Object.fromEntries(Object.entries(props.componentNodeSelector).map(([key, value]) => [`nodeSelector.${key}`, value]));
    this.extension = new KubernetesClusterExtension(this, "extension", {
      name: "azureml",
      clusterId: props.clusterId,
      extensionType: "microsoft.azureml.kubernetes",
      releaseTrain: "stable",
      releaseNamespace: "azureml",
      dependsOn: props.dependsOn,
      configurationSettings: {
        enableTraining: "False",
        enableInference: "True",
        inferenceRouterServiceType: "LoadBalancer",
        internalLoadBalancerProvider: "azure",
        inferenceRouterHA: props.highAvailability === false ? "False" : "True",
        allowInsecureConnections: "False",
        sslCname: props.tls.cname,
        sslSecret: props.tls.secretName,
        installNvidiaDevicePlugin: "True",
        installDcgmExporter: "True",
        clusterPurpose: props.highAvailability === false ? "DevTest" : "FastProd",
        ...nodeSelector,
      },
    });
    this.compute = new AzapiTrackedResource<KubernetesComputeBody>(this, "compute", {
      type: AML_RESOURCE_TYPES.compute,
      name: props.name,
      parentId: props.workspaceId,
      location: props.location,
      body: {
        properties: {
          computeType: "Kubernetes",
          resourceId: props.clusterId,
          description: "Private AKS GPU cluster",
          disableLocalAuth: true,
          properties: {
            namespace: props.namespace ?? "azureml-serving",
            defaultInstanceType: props.defaultInstanceType,
            instanceTypes: Object.fromEntries(
              Object.entries(props.instanceTypes).map(([name, type]) => {
                const resources = { cpu: type.cpu, memory: type.memory, "nvidia.com/gpu": String(type.gpus) };
                return [name, { nodeSelector: { ...type.nodeSelector }, resources: { requests: resources, limits: resources } }];
              }),
            ),
          },
        },
      },
      dependsOn: [this.extension],
    });
  }
}
