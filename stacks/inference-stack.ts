import type { Construct } from "constructs";
import type { Environment, RegionConfig } from "../environments/schema/config";
import { findGpuSku } from "../environments/schema/gpu-skus";
import { hostsWorkspace, kubernetesEndpoint } from "../environments/schema/serving";
import { GpuCluster } from "../constructs/gpu-cluster/gpu-cluster";
import type { OnlineEndpoint } from "../constructs/online-endpoint/online-endpoint";
import { MetricAlerts, type MetricAlertRule } from "../constructs/alerts/alerts";
import { deploymentAtMaxRule, endpointAlertRules, gpuPoolsSaturatedRule } from "../constructs/alerts/inference-rules";
import { configureAzapiProvider } from "./environment-stack";
import { RegisteredFeatureGuard } from "../constructs/subscription/feature-registration";
import { ENCRYPTION_AT_HOST } from "./registrations";
import { RegionStack, type RegionStackProps } from "./region-stacks";
import type { NetworkStack } from "./network-stack";
import type { PlatformStack } from "./platform-stack";
import { ManagedServing } from "./serving/managed-serving";
import { ClusterServing, CLUSTER_PROMETHEUS_METADATA } from "./serving/cluster-serving";
import { gpuNodeDiskGb } from "./serving/model-settings";
import { TerraformRecord } from "../constructs/record/terraform-record";
import { servingRecord } from "../environments/schema/serving-record";
import { clusterRolloutAlerts, managedRolloutLogAlerts, managedRolloutMetricRules } from "./serving/rollout-alerts";

export interface InferenceStackProps extends RegionStackProps {
  readonly network: NetworkStack;
  readonly platform: PlatformStack;
}

const ZONES = ["1", "2", "3"] as const;

/**
 * Where the model runs; changes most often. Azure ML managed online endpoints where the region has managed
 * deployments, the model served AKS-natively on the region's GPU cluster where it has one (docs/adr/0003-gpu-serving.md).
 */
export class InferenceStack extends RegionStack {
  readonly managed?: ManagedServing;
  readonly cluster?: GpuCluster;
  readonly clusterServing?: ClusterServing;
  /** Azure ML managed online endpoints, by name. */
  readonly endpoints: Readonly<Record<string, OnlineEndpoint>>;

  constructor(scope: Construct, props: InferenceStackProps) {
    super(scope, props, "inference");
    const { env, region, network, platform } = props;
    const placement = { location: region.location, resourceGroupName: this.resourceGroup.name };
    const diagnostics = { workspaceId: network.logAnalytics.id };
    configureAzapiProvider(this, env);

    if (region.aks) {
      this.cluster = this.defineCluster(env, region, region.aks, network, platform, diagnostics);
      if (kubernetesEndpoint(region)) {
        this.clusterServing = new ClusterServing(this, "cluster-serving", { env, region, names: this.names, placement, network, platform, cluster: this.cluster });
      }
    }
    if (hostsWorkspace(region)) this.managed = new ManagedServing(this, "managed-serving", { env, region, names: this.names, placement, network, platform });
    this.endpoints = this.managed?.endpoints ?? {};
    // What each endpoint serves and how it is being rolled out, in the plan for reviewers (environments/schema/serving-record.ts).
    for (const endpoint of region.endpoints) new TerraformRecord(this, `serving-record-${endpoint.name}`, { input: { ...servingRecord(env, endpoint) } });
    this.defineAlerts(env, region, network);
  }

  /** Paging rules: the managed endpoints' latency, errors and capacity; the cluster's GPU saturation; the gates of rollouts in flight. */
  private defineAlerts(env: Environment, region: RegionConfig, network: NetworkStack): void {
    const alertRules: MetricAlertRule[] = [];
    for (const [name, endpoint] of Object.entries(this.endpoints)) {
      alertRules.push(...endpointAlertRules(name, endpoint.endpoint.id, env.alerts));
      const config = region.endpoints.find((candidate) => candidate.name === name)!;
      for (const deployment of config.deployments) {
        alertRules.push(deploymentAtMaxRule(name, deployment.name, endpoint.deployments[deployment.name].id, deployment.instanceCount.max, env.alerts.deploymentAtMaxMinutes));
      }
    }
    alertRules.push(...managedRolloutMetricRules(env, region, this.endpoints));
    if (this.cluster) alertRules.push(gpuPoolsSaturatedRule(this.names.aksCluster(), this.cluster.cluster.id, env.alerts.gpuPoolsSaturatedMinutes));
    if (alertRules.length === 0) return;
    const namePrefix = `${env.naming.prefix}-${env.name}-${this.names.code}`;
    const alerts = new MetricAlerts(this, "alerts", {
      resourceGroupName: this.resourceGroup.name,
      namePrefix,
      actionGroup: {
        name: this.names.actionGroup(),
        shortName: `${env.naming.prefix}-${env.name}`.slice(0, 12),
        emails: receivers(env),
        webhooks: Object.fromEntries(env.alerts.actionGroup.webhooks.map((hook) => [hook.name, hook.url])),
      },
      rules: alertRules,
    });
    const placement = { namePrefix, resourceGroupName: this.resourceGroup.name, actionGroupId: alerts.actionGroup.id };
    managedRolloutLogAlerts(this, { ...placement, env, region, endpoints: this.endpoints, workspaceId: network.logAnalytics.id });
    const clusterEndpoint = kubernetesEndpoint(region);
    if (this.clusterServing && clusterEndpoint) {
      clusterRolloutAlerts(this, {
        ...placement,
        env,
        endpoint: clusterEndpoint,
        location: region.location,
        workspaceId: this.clusterServing.prometheus.workspace.id,
        clusterName: this.names.aksCluster(),
        namespace: this.clusterServing.namespace,
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
        osDiskSizeGb: gpuNodeDiskGb(env),
      })),
      autoscaler: aks.autoscaler,
      maintenance: aks.maintenance,
      diagnostics,
      prometheusMetadata: CLUSTER_PROMETHEUS_METADATA,
    });
  }
}

/** The configured e-mail receivers, or the owner tag's address (validation guarantees it is one). */
function receivers(env: Environment): Record<string, string> {
  const emails = env.alerts.actionGroup.emails;
  if (emails.length > 0 || env.alerts.actionGroup.webhooks.length > 0) return Object.fromEntries(emails.map((email) => [email.name, email.address]));
  return { owner: env.tags.owner };
}
