import type { Construct } from "constructs";
import type { DeploymentConfig, Environment, RegionConfig } from "../environments/schema/config";
import { findGpuSku } from "../environments/schema/gpu-skus";
import { GpuCluster, GPU_POOL_LABEL, SERVICE_POOL_NAME } from "../constructs/gpu-cluster/gpu-cluster";
import { MlWorkspace } from "../constructs/ml-workspace/ml-workspace";
import { ModelServerEnvironment } from "../constructs/online-endpoint/model-environment";
import { KubernetesCompute, type InstanceTypeProps } from "../constructs/online-endpoint/kubernetes-compute";
import { OnlineEndpoint } from "../constructs/online-endpoint/online-endpoint";
import { DeploymentAutoscale } from "../constructs/autoscale/deployment-autoscale";
import { MetricAlerts, type MetricAlertRule } from "../constructs/alerts/alerts";
import { deploymentAtMaxRule, endpointAlertRules, gpuPoolsSaturatedRule } from "../constructs/alerts/inference-rules";
import { ResourceInterfaces } from "../constructs/shared/resource-interfaces";
import { configureAzapiProvider } from "./environment-stack";
import { RegisteredFeatureGuard } from "../constructs/subscription/feature-registration";
import { ENCRYPTION_AT_HOST } from "./registrations";
import { RegionStack, type RegionStackProps } from "./region-stacks";
import type { NetworkStack } from "./network-stack";
import type { PlatformStack } from "./platform-stack";

export interface InferenceStackProps extends RegionStackProps {
  readonly network: NetworkStack;
  readonly platform: PlatformStack;
}

const ZONES = ["1", "2", "3"] as const;
/** Name of the workspace's Kubernetes compute (AML compute names: at most 16 characters). */
export const KUBERNETES_COMPUTE_NAME = "aks-gpu";
/** Kubernetes secret (cert.pem, key.pem) in the `azureml` namespace with the inference router's certificate. */
export const INFERENCE_TLS_SECRET = "azureml-inference-tls";
/** Share of a GPU's VM that one instance may reserve; the rest is for the node's daemons. */
const RESERVABLE_SHARE = 0.75;

/** GPU clusters, the ML workspace and online endpoints: where the model runs; changes most often. */
export class InferenceStack extends RegionStack {
  readonly workspace: MlWorkspace;
  readonly cluster?: GpuCluster;
  readonly endpoints: Readonly<Record<string, OnlineEndpoint>>;

  constructor(scope: Construct, props: InferenceStackProps) {
    super(scope, props, "inference");
    const { env, region, network, platform } = props;
    const placement = { location: region.location, resourceGroupName: this.resourceGroup.name };
    const diagnostics = { workspaceId: network.logAnalytics.id };
    const zones = network.privateDnsZoneIds;
    const identities = platform.identities;

    configureAzapiProvider(this, env);

    this.workspace = new MlWorkspace(this, "ml-workspace", {
      ...placement,
      name: this.names.mlWorkspace(),
      applicationInsightsId: network.applicationInsightsId,
      keyVaultId: platform.keyVaultId,
      containerRegistryId: platform.containerRegistryId,
      storageAccountId: platform.storageAccountId,
      identityId: identities.amlWorkspace.id,
      customerManagedKey: { keyVaultId: platform.keyVaultId, keyId: platform.encryptionKeys.aml.id, identityId: identities.cmkAccess.id },
      highBusinessImpact: env.protection.highBusinessImpact,
      privateEndpoint: { subnetId: network.subnetIds.privateEndpoints, privateDnsZoneIds: { amlworkspace: [zones.amlApi, zones.amlNotebooks] } },
      diagnostics,
      lock: env.protection.resourceLocks ? {} : undefined,
      // The endpoints' identity writes the deployments' metrics; Azure ML grants a user-assigned identity nothing itself.
      roleAssignments: { "model-server-metrics": { principalId: identities.modelServer.principalId, roleDefinitionName: "AzureML Metrics Writer (preview)" } },
    });
    const workspaceId = this.workspace.workspace.id;

    // The endpoints pull the model-server image as the model-server identity.
    new ResourceInterfaces(this, "model-server-pull", {
      resourceId: platform.containerRegistryId,
      placement: { ...placement, name: "model-server-pull" },
      props: { roleAssignments: { "model-server-pull": { principalId: identities.modelServer.principalId, roleDefinitionName: "AcrPull" } } },
    });

    const deployments = region.endpoints.flatMap((endpoint) => endpoint.deployments);
    const digestOf = (deployment: DeploymentConfig) => deployment.imageDigest ?? env.modelServer.image.digest;
    const environment = new ModelServerEnvironment(this, "model-server", {
      workspaceId,
      name: env.modelServer.image.repository.replace(/\//g, "-"),
      registryLoginServer: platform.containerRegistryLoginServer,
      repository: env.modelServer.image.repository,
      digests: deployments.map(digestOf),
      port: env.modelServer.port,
      routes: env.modelServer.routes,
    });

    let kubernetesComputeId: string | undefined;
    if (region.aks) {
      const cluster = this.defineCluster(env, region, region.aks, network, platform, diagnostics);
      this.cluster = cluster;
      const instanceTypes = kubernetesInstanceTypes(region);
      const [defaultInstanceType] = Object.keys(instanceTypes);
      if (defaultInstanceType !== undefined) {
        const compute = new KubernetesCompute(this, "kubernetes-compute", {
          workspaceId,
          location: region.location,
          name: KUBERNETES_COMPUTE_NAME,
          clusterId: cluster.cluster.id,
          instanceTypes,
          defaultInstanceType,
          tls: { cname: `${this.names.aksCluster()}.inference.internal`, secretName: INFERENCE_TLS_SECRET },
          // Clusters without an uptime SLA are sandboxes: one router replica is enough there.
          highAvailability: region.aks.skuTier !== "Free",
          componentNodeSelector: { agentpool: SERVICE_POOL_NAME },
          dependsOn: [cluster.servicePool, ...Object.values(cluster.gpuPools)],
        });
        kubernetesComputeId = compute.compute.id;
      }
    }

    const alertRules: MetricAlertRule[] = [];
    const endpoints: Record<string, OnlineEndpoint> = {};
    for (const config of region.endpoints) {
      const endpoint = new OnlineEndpoint(this, `endpoint-${config.name}`, {
        ...placement,
        name: config.name,
        workspaceId,
        description: config.description || undefined,
        identityId: identities.modelServer.id,
        kubernetesComputeId,
        deployments: config.deployments.map((deployment) => ({ ...deployment, environmentId: environment.versionId(digestOf(deployment)) })),
        diagnostics,
      });
      endpoints[config.name] = endpoint;
      alertRules.push(...endpointAlertRules(config.name, endpoint.endpoint.id, env.alerts));
      for (const deployment of config.deployments) {
        const deploymentId = endpoint.deployments[deployment.name].id;
        alertRules.push(deploymentAtMaxRule(config.name, deployment.name, deploymentId, deployment.instanceCount.max, env.alerts.deploymentAtMaxMinutes));
        if (deployment.compute.kind !== "managed" || deployment.autoscaleRules.length === 0) continue;
        new DeploymentAutoscale(this, `autoscale-${config.name}-${deployment.name}`, {
          ...placement,
          name: `autoscale-${config.name}-${deployment.name}`,
          deploymentId,
          capacity: { minimum: deployment.instanceCount.min, default: deployment.instanceCount.default, maximum: deployment.instanceCount.max },
          rules: deployment.autoscaleRules,
        });
      }
    }
    this.endpoints = endpoints;
    if (this.cluster) alertRules.push(gpuPoolsSaturatedRule(this.names.aksCluster(), this.cluster.cluster.id, env.alerts.gpuPoolsSaturatedMinutes));

    if (alertRules.length > 0) {
      new MetricAlerts(this, "alerts", {
        resourceGroupName: this.resourceGroup.name,
        namePrefix: `${env.naming.prefix}-${env.name}-${this.names.code}`,
        actionGroup: {
          name: this.names.actionGroup(),
          shortName: `${env.naming.prefix}-${env.name}`.slice(0, 12),
          emails: receivers(env),
          webhooks: Object.fromEntries(env.alerts.actionGroup.webhooks.map((hook) => [hook.name, hook.url])),
        },
        rules: alertRules,
      });
    }
  }

  private defineCluster(
    env: Environment,
    region: RegionConfig,
    aks: NonNullable<RegionConfig["aks"]>,
    network: NetworkStack,
    platform: PlatformStack,
    diagnostics: { workspaceId: string },
  ): GpuCluster {
    const { aksControlPlane, kubelet } = platform.identities;
    // Every node pool encrypts at host: stop at plan time if the subscription's feature is not registered yet.
    const encryptionAtHost = new RegisteredFeatureGuard(this, "encryption-at-host", { subscriptionId: env.subscriptionId, feature: ENCRYPTION_AT_HOST });
    return new GpuCluster(this, "gpu-cluster", {
      dependsOn: [encryptionAtHost.ready],
      name: this.names.aksCluster(),
      location: region.location,
      resourceGroupName: this.resourceGroup.name,
      tenantId: env.tenantId,
      skuTier: aks.skuTier,
      kubernetesVersion: aks.kubernetesVersion,
      identities: {
        controlPlaneId: aksControlPlane.id,
        controlPlanePrincipalId: aksControlPlane.principalId,
        kubelet: { id: kubelet.id, clientId: kubelet.clientId, principalId: kubelet.principalId },
      },
      network: {
        systemSubnetId: network.subnetIds.aksSystem,
        gpuSubnetId: network.subnetIds.aksGpu,
        apiServerSubnetId: network.subnetIds.aksApiServer,
        privateDnsZoneId: network.privateDnsZoneIds.aks,
        podCidr: aks.podCidr,
        serviceCidr: aks.serviceCidr,
        dnsServiceIp: aks.dnsServiceIp,
        // With a hub, the subnets' route table sends everything to the hub firewall.
        outboundType: network.routeTableId ? "userDefinedRouting" : "loadBalancer",
      },
      diskEncryptionSetId: platform.diskEncryptionSetId,
      logAnalyticsWorkspaceId: network.logAnalytics.id,
      systemPool: { ...aks.systemPool, zones: ZONES },
      servicePool: { ...aks.servicePool, zones: ZONES },
      gpuPools: aks.gpuPools.map((pool) => ({
        name: pool.name,
        vmSize: pool.vmSize,
        minCount: pool.minCount,
        maxCount: pool.maxCount,
        spot: pool.spot,
        labels: pool.labels,
        zones: findGpuSku(pool.vmSize)?.zonal ? ZONES : [],
      })),
      autoscaler: aks.autoscaler,
      maintenance: aks.maintenance,
      diagnostics,
    });
  }
}

/** One Azure ML instance type per name the region's Kubernetes deployments use: a GPU of its pool and its share of the VM. */
function kubernetesInstanceTypes(region: RegionConfig): Record<string, InstanceTypeProps> {
  const types: Record<string, InstanceTypeProps> = {};
  for (const deployment of region.endpoints.flatMap((endpoint) => endpoint.deployments)) {
    if (deployment.compute.kind !== "kubernetes") continue;
    const poolName = deployment.compute.gpuPool;
    const pool = region.aks?.gpuPools.find((candidate) => candidate.name === poolName);
    const sku = pool ? findGpuSku(pool.vmSize) : undefined;
    if (!sku) throw new Error(`${region.location}: GPU pool "${poolName}" of deployment ${deployment.name} is not in the GPU SKU catalog`);
    types[deployment.compute.instanceType] = {
      nodeSelector: { [GPU_POOL_LABEL]: poolName },
      cpu: String(Math.floor((sku.vCpus / sku.gpusPerVm) * RESERVABLE_SHARE)),
      memory: `${Math.floor((sku.memoryGiB / sku.gpusPerVm) * RESERVABLE_SHARE)}Gi`,
      gpus: 1,
    };
  }
  return types;
}

/** The configured e-mail receivers, or the owner tag's address (validation guarantees it is one). */
function receivers(env: Environment): Record<string, string> {
  const emails = env.alerts.actionGroup.emails;
  if (emails.length > 0 || env.alerts.actionGroup.webhooks.length > 0) return Object.fromEntries(emails.map((email) => [email.name, email.address]));
  return { owner: env.tags.owner };
}
