/**
 * AKS-native serving on the region's GPU cluster (docs/adr/0003-gpu-serving.md): the cluster reaches the model store
 * and GitOps container through a private endpoint of its own, upstream images are imported into the environment's
 * registry, Managed Prometheus holds the queue KEDA scales on, and the router's host name resolves to its internal
 * load balancer. The in-cluster objects themselves come from constructs/model-serving.
 */
import { Construct } from "constructs";
import { kubernetesEndpoint, MIRROR_VARIABLE, replicaVariable, SERVING_FLUX_CONFIGURATION, SERVING_NAMESPACE, trafficVariable } from "../../environments/schema/serving";
import { maxRequestBytes } from "../../environments/schema/model-fit";
import { mirrorPercent, releaseOf, requestBoundingModel } from "../../environments/schema/releases";
import { GPU_POOL_LABEL, gpuPoolTaints, SERVICE_POOL_NAME, type GpuCluster } from "../../constructs/gpu-cluster/gpu-cluster";
import { ImageImport } from "../../constructs/container-registry/image-import";
import { ManagedPrometheus } from "../../constructs/observability/managed-prometheus";
import { PrivateDnsZones } from "../../constructs/private-dns/private-dns-zones";
import { PrivateHostName } from "../../constructs/private-dns/private-host-name";
import { prometheusZoneName } from "../../constructs/private-dns/zone-names";
import { ResourceInterfaces } from "../../constructs/shared/resource-interfaces";
import { AksModelServing } from "../../constructs/model-serving/model-serving";
import { weightsFolder } from "../../constructs/online-endpoint/model-asset";
import type { ModelDeploymentSpec } from "../../constructs/model-serving/manifests";
import { bootstrapResourceIds, GITOPS_CONTAINER, MODELS_CONTAINER, storageEndpointSuffix } from "../bootstrap-stack";
import { authorityHost } from "../gateway-stack";
import { deploymentSku, serverSettings, startupSeconds } from "./model-settings";
import type { RegionServingProps } from "./region-serving";

/** Routes clients may call on the router: the model server's OpenAI-compatible API. */
export const CLUSTER_MODEL_ROUTES = [
  { method: "POST", path: "/v1/chat/completions" },
  { method: "POST", path: "/v1/completions" },
  { method: "GET", path: "/v1/models" },
] as const;

/** Labels and annotations Managed Prometheus keeps (the cluster's monitor_metrics). */
const PROMETHEUS_METADATA = { labels: ["app.kubernetes.io/name", "fhi.health/model-deployment"], annotations: ["fhi.health/config-sha256"] } as const;
export const CLUSTER_PROMETHEUS_METADATA = PROMETHEUS_METADATA;

export interface ClusterServingProps extends RegionServingProps {
  readonly cluster: GpuCluster;
}

export class ClusterServing extends Construct {
  readonly serving: AksModelServing;
  readonly prometheus: ManagedPrometheus;
  readonly hostName: PrivateHostName;
  readonly images: { readonly router: ImageImport; readonly devicePlugin: ImageImport };
  /** The namespace the model servers and the router run in. */
  readonly namespace = SERVING_NAMESPACE;

  constructor(scope: Construct, id: string, props: ClusterServingProps) {
    super(scope, id);
    const { env, region, names, placement, network, platform, cluster } = props;
    const endpoint = kubernetesEndpoint(region);
    const aks = region.aks;
    const serving = aks?.serving;
    const { modelServer, modelRouter, autoscaler, kubelet } = platform.identities;
    if (!endpoint || !aks || !serving || !modelRouter || !autoscaler) throw new Error(`${env.name}/${region.location}: cluster serving needs a Kubernetes endpoint, aks.serving and the platform's router and autoscaler identities`);
    const store = bootstrapResourceIds(env);
    const blobEndpoint = `https://${store.artifactsAccountName}.blob.${storageEndpointSuffix(env)}`;
    const identityGroup = names.resourceGroup("platform");

    // The cluster reads the GitOps manifests and the weights from the artifacts account, through its own endpoint.
    const storeAccess = new ResourceInterfaces(this, "model-store", {
      resourceId: store.artifactsAccount,
      placement: { ...placement, name: store.artifactsAccountName },
      props: { privateEndpoint: { subnetId: network.subnetIds.privateEndpoints, privateDnsZoneIds: { blob: network.privateDnsZoneIds.blob } } },
      subresources: ["blob"],
    });
    // The model pods read the released weights and nothing else of the account (the manifests are the kubelet's).
    const weightsAccess = new ResourceInterfaces(this, "model-weights", {
      resourceId: store.containers.models,
      placement: { ...placement, name: "model-weights" },
      props: { roleAssignments: { "model-server-weights": { principalId: modelServer.principalId, roleDefinitionName: "Storage Blob Data Reader", description: "Model pods copy the released weights" } } },
    });

    this.images = {
      router: new ImageImport(this, "router-image", { registryId: platform.containerRegistryId, source: serving.images.router }),
      devicePlugin: new ImageImport(this, "device-plugin-image", { registryId: platform.containerRegistryId, source: serving.images.devicePlugin }),
    };

    const queryZone = new PrivateDnsZones(this, "prometheus-zone", {
      resourceGroupName: placement.resourceGroupName,
      zoneNames: { prometheus: prometheusZoneName(typeof env.cloud === "string" ? env.cloud : "AzureCloud", region.location) },
      virtualNetworkId: network.virtualNetworkId,
      linkName: names.virtualNetwork(),
    });
    this.prometheus = new ManagedPrometheus(this, "prometheus", {
      ...placement,
      name: names.monitorWorkspace(),
      clusterId: cluster.cluster.id,
      dataCollectionEndpointName: names.dataCollectionEndpoint("prometheus"),
      dataCollectionRuleName: names.dataCollectionRule("prometheus"),
      privateLinkScope: { name: names.monitorPrivateLinkScope(), resourceGroupName: names.resourceGroup("network") },
      privateEndpoint: { subnetId: network.subnetIds.privateEndpoints, privateDnsZoneIds: { prometheusMetrics: queryZone.zoneIds.prometheus } },
      roleAssignments: { autoscaler: { principalId: autoscaler.principalId, roleDefinitionName: "Monitoring Data Reader", description: "KEDA reads the model servers' queue" } },
    });

    this.hostName = new PrivateHostName(this, "host-name", {
      resourceGroupName: placement.resourceGroupName,
      hostname: serving.hostname,
      ipAddress: serving.privateIp,
      virtualNetworkIds: { [names.virtualNetwork()]: network.virtualNetworkId },
    });

    const tenant = env.tenantId;
    const authority = `${authorityHost(env.cloud).replace(/\/$/, "")}/${tenant}`;
    const deployments: ModelDeploymentSpec[] = endpoint.deployments.map((deployment) => {
      if (deployment.compute.kind !== "kubernetes") throw new Error(`${endpoint.name}/${deployment.name}: a Kubernetes endpoint's deployments all run on the cluster`);
      const poolName = deployment.compute.gpuPool;
      const pool = aks.gpuPools.find((candidate) => candidate.name === poolName)!;
      const sku = deploymentSku(region, deployment);
      const scaling = deployment.queueScaling ?? { waitingRequestsPerReplica: 4, pollingSeconds: 30, scaleInCooldownMinutes: 15 };
      const release = releaseOf(env, deployment);
      return {
        name: deployment.name,
        image: `${platform.containerRegistryLoginServer}/${release.image.repository}@${release.image.digest}`,
        pool: { labelKey: GPU_POOL_LABEL, name: pool.name, taints: gpuPoolTaints(pool.spot) },
        gpusPerReplica: sku.gpusPerVm,
        settings: serverSettings(env, sku, deployment),
        weightsPrefix: weightsFolder(release.model.name, release.model.version),
        trafficPercent: deployment.trafficPercent,
        trafficVariable: trafficVariable(deployment.name),
        maxReplicas: deployment.instanceCount.max,
        replicaVariables: { min: replicaVariable(deployment.name, "min"), max: replicaVariable(deployment.name, "max") },
        scaling,
        startupSeconds: startupSeconds(env, deployment),
      };
    });
    const mirror = endpoint.rollout && { deployment: endpoint.rollout.next, percent: mirrorPercent(endpoint), variable: MIRROR_VARIABLE };
    const variables = Object.fromEntries([
      ...endpoint.deployments.flatMap((deployment) => [
        [replicaVariable(deployment.name, "min"), String(deployment.instanceCount.min)],
        [replicaVariable(deployment.name, "max"), String(deployment.instanceCount.max)],
        [trafficVariable(deployment.name), String(deployment.trafficPercent)],
      ]),
      ...(mirror ? [[MIRROR_VARIABLE, String(mirror.percent)]] : []),
    ]);

    this.serving = new AksModelServing(this, "serving", {
      ...placement,
      configurationName: SERVING_FLUX_CONFIGURATION,
      clusterId: cluster.cluster.id,
      oidcIssuerUrl: cluster.oidcIssuerUrl,
      manifestReader: { clientId: kubelet.clientId, principalId: kubelet.principalId },
      source: { storageAccountName: store.artifactsAccountName, containerName: GITOPS_CONTAINER, containerId: store.containers.gitops, containerUrl: `${blobEndpoint}/${GITOPS_CONTAINER}`, folder: `clusters/${names.aksCluster()}` },
      identities: {
        modelServer: { ...modelServer, resourceGroupName: identityGroup },
        router: { ...modelRouter, resourceGroupName: identityGroup },
        autoscaler: { ...autoscaler, resourceGroupName: identityGroup },
      },
      variables,
      manifests: {
        namespace: this.namespace,
        weights: { accountUrl: blobEndpoint, container: MODELS_CONTAINER },
        modelServerIdentityClientId: modelServer.clientId,
        deployments,
        mirror,
        autoscaler: { identityClientId: autoscaler.clientId, prometheusQueryEndpoint: this.prometheus.queryEndpoint },
        router: {
          image: this.images.router.reference(platform.containerRegistryLoginServer),
          replicas: serving.routerReplicas,
          identityClientId: modelRouter.clientId,
          privateIp: serving.privateIp,
          subnetName: names.subnet("modelIngress"),
          nodeSelector: { agentpool: SERVICE_POOL_NAME },
          tls: { keyVaultName: names.keyVault(), tenantId: tenant, certificateName: serving.tlsCertificateName },
          config: {
            jwt: { issuer: `${authority}/v2.0`, jwksUri: `${authority}/discovery/v2.0/keys`, audiences: [serving.entraAudience] },
            routes: CLUSTER_MODEL_ROUTES,
            requestTimeoutMs: Math.max(...endpoint.deployments.map((deployment) => deployment.requestTimeoutMs)),
            maxRequestBytes: maxRequestBytes(requestBoundingModel(env, [endpoint])),
          },
        },
        devicePlugin: { image: this.images.devicePlugin.reference(platform.containerRegistryLoginServer), tolerations: [...new Set(aks.gpuPools.flatMap((pool) => gpuPoolTaints(pool.spot)))] },
      },
      // Images, the store's endpoint and the query endpoint exist before Flux applies anything that needs them.
      dependsOn: [this.images.router.action, this.images.devicePlugin.action, ...Object.values(storeAccess.privateEndpoints), ...Object.values(weightsAccess.roleAssignments), ...Object.values(this.prometheus.interfaces.privateEndpoints)],
    });
  }
}
