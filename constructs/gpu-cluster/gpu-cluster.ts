import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { KubernetesClusterNodePool, type KubernetesClusterNodePoolConfig } from "@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool";
import { PropagationWait, ROLE_PROPAGATION } from "../time/sleep";
import { ResourceInterfaces, type DiagnosticsProps, type LockProps, type ResourcePlacement, type RoleAssignments } from "../shared";

/** The taint every GPU node carries, as Learn recommends (use-nvidia-gpu): only pods that tolerate it land there. */
export const GPU_TAINT = "sku=gpu:NoSchedule";
/** AKS puts this taint on spot nodes itself; declaring it keeps Terraform from seeing drift. */
export const SPOT_TAINT = "kubernetes.azure.com/scalesetpriority=spot:NoSchedule";
/** The taints of a GPU pool's nodes; a pod must tolerate all of them to run there. */
export function gpuPoolTaints(spot: boolean): string[] {
  return spot ? [GPU_TAINT, SPOT_TAINT] : [GPU_TAINT];
}

/** Node label naming a node's GPU pool; model deployments select their nodes by it. */
export const GPU_POOL_LABEL = "fhi.health/gpu-pool";

/** The CPU pool for cluster services; AKS labels its nodes `agentpool=service`. */
export const SERVICE_POOL_NAME = "service";

/**
 * The control plane identity must already hold Managed Identity Operator on the kubelet identity, Network
 * Contributor on the subnets (and route table) and Private DNS Zone Contributor on the zone: AKS checks them at create.
 */
export interface ClusterIdentities {
  /** User-assigned identity of the control plane. */
  readonly controlPlaneId: string;
  readonly controlPlanePrincipalId: string;
  /** User-assigned identity the kubelets pull images with. */
  readonly kubelet: { readonly id: string; readonly clientId: string; readonly principalId: string };
}

export interface ClusterNetwork {
  readonly systemSubnetId: string;
  readonly gpuSubnetId: string;
  /** Subnet delegated to Microsoft.ContainerService/managedClusters for API server VNet integration. */
  readonly apiServerSubnetId: string;
  /** The `privatelink.<region>.azmk8s.io` zone the API server's record goes in. */
  readonly privateDnsZoneId: string;
  readonly podCidr: string;
  readonly serviceCidr: string;
  readonly dnsServiceIp: string;
  /**
   * `userDefinedRouting` sends egress through the route table on the subnets (a hub firewall). @default "loadBalancer"
   */
  readonly outboundType?: "loadBalancer" | "userDefinedRouting";
}

export interface GpuPoolProps {
  /** 1-12 lowercase letters or digits. */
  readonly name: string;
  readonly vmSize: string;
  readonly minCount: number;
  readonly maxCount: number;
  /** Zones to spread over; leave empty for sizes offered without zones. */
  readonly zones: readonly string[];
  /** Spot capacity can be evicted at any time: never for serving patients. @default false */
  readonly spot?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * OS disk per node: the model's weights are copied to the node before they are loaded, next to the images.
   * @default 128 (AKS's default)
   */
  readonly osDiskSizeGb?: number;
}

export interface AutoscalerProfileProps {
  readonly expander: "least-waste" | "priority" | "most-pods" | "random";
  readonly scaleDownDelayAfterAddMinutes: number;
  readonly scaleDownUnneededMinutes: number;
  readonly scaleDownUtilizationThreshold: number;
  readonly maxNodeProvisioningMinutes: number;
}

export interface MaintenanceWindowProps {
  readonly dayOfWeek: string;
  readonly startHourUtc: number;
  readonly durationHours: number;
}

export interface GpuClusterProps extends ResourcePlacement {
  readonly tenantId: string;
  /** Free only for sandboxes: it has no uptime SLA. @default "Standard" */
  readonly skuTier?: "Free" | "Standard" | "Premium";
  /** Minor version; patches arrive through the `patch` upgrade channel. @default the region's default version */
  readonly kubernetesVersion?: string;
  /** Entra ID groups that are cluster admins through Azure RBAC. @default none */
  readonly adminGroupObjectIds?: readonly string[];
  readonly identities: ClusterIdentities;
  readonly network: ClusterNetwork;
  /** Customer-managed key for OS and data disks. */
  readonly diskEncryptionSetId: string;
  /** Log Analytics workspace for Container Insights and Defender. */
  readonly logAnalyticsWorkspaceId: string;
  readonly systemPool: { readonly vmSize: string; readonly minCount: number; readonly maxCount: number; readonly zones: readonly string[] };
  /** CPU nodes for cluster services that tolerate neither the system pool's CriticalAddonsOnly nor the GPU taint. */
  readonly servicePool: { readonly vmSize: string; readonly minCount: number; readonly maxCount: number; readonly zones: readonly string[] };
  readonly gpuPools: readonly GpuPoolProps[];
  readonly autoscaler: AutoscalerProfileProps;
  readonly maintenance: MaintenanceWindowProps;
  /** Default: none. Stacks pass the environment's Log Analytics workspace. */
  readonly diagnostics?: DiagnosticsProps;
  readonly lock?: LockProps;
  readonly roleAssignments?: RoleAssignments;
  /** What must be in place before the cluster is created, e.g. the encryption-at-host feature check. Default: none. */
  readonly dependsOn?: readonly ITerraformDependable[];
  /**
   * Kubernetes labels and annotations kube-state-metrics exports for Managed Prometheus (azurerm requires both,
   * non-empty, when the cluster sends to an Azure Monitor workspace: kubernetes_cluster.html.markdown).
   */
  readonly prometheusMetadata: { readonly labels: readonly string[]; readonly annotations: readonly string[] };
}

/**
 * A private AKS cluster for GPU inference: API server reachable only inside the VNet, Entra ID + Azure RBAC as
 * the only way in, workload identity for pods, CMK-encrypted disks, GPU pools that scale on their own and are
 * never resized by Terraform afterwards.
 */
export class GpuCluster extends Construct {
  readonly cluster: KubernetesCluster;
  readonly servicePool: KubernetesClusterNodePool;
  readonly gpuPools: Record<string, KubernetesClusterNodePool> = {};
  /** Issuer of the cluster's service account tokens, which federated credentials trust. */
  readonly oidcIssuerUrl: string;

  constructor(scope: Construct, id: string, props: GpuClusterProps) {
    super(scope, id);
    const { network, identities } = props;

    // AKS reads the disk encryption set when it creates node disks. The grants on the network (subnets, route
    // table, private DNS zone) and on the kubelet identity belong to whoever owns those resources.
    const desReader = new ResourceInterfaces(this, "control-plane-on-disk-encryption-set", {
      resourceId: props.diskEncryptionSetId,
      placement: props,
      props: { roleAssignments: { "aks-control-plane": { principalId: identities.controlPlanePrincipalId, roleDefinitionName: "Reader", description: `AKS ${props.name} control plane` } } },
    });

    const window = (duration: number) => ({
      frequency: "Weekly",
      interval: 1,
      dayOfWeek: props.maintenance.dayOfWeek,
      startTime: `${String(props.maintenance.startHourUtc).padStart(2, "0")}:00`,
      utcOffset: "+00:00",
      duration,
    });

    this.cluster = new KubernetesCluster(this, "cluster", {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      dnsPrefix: props.name,
      kubernetesVersion: props.kubernetesVersion,
      skuTier: props.skuTier ?? "Standard",
      privateClusterEnabled: true,
      privateClusterPublicFqdnEnabled: false,
      privateDnsZoneId: network.privateDnsZoneId,
      apiServerAccessProfile: { subnetId: network.apiServerSubnetId, virtualNetworkIntegrationEnabled: true },
      localAccountDisabled: true,
      roleBasedAccessControlEnabled: true,
      azureActiveDirectoryRoleBasedAccessControl: {
        azureRbacEnabled: true,
        tenantId: props.tenantId,
        adminGroupObjectIds: props.adminGroupObjectIds ? [...props.adminGroupObjectIds] : undefined,
      },
      oidcIssuerEnabled: true,
      workloadIdentityEnabled: true,
      azurePolicyEnabled: true,
      runCommandEnabled: false,
      httpApplicationRoutingEnabled: false,
      imageCleanerEnabled: true,
      imageCleanerIntervalHours: 48,
      keyVaultSecretsProvider: { secretRotationEnabled: true, secretRotationInterval: "2m" },
      // KEDA scales the model deployments on their queue; Managed Prometheus collects the metrics it reads.
      workloadAutoscalerProfile: { kedaEnabled: true },
      monitorMetrics: { labelsAllowed: props.prometheusMetadata.labels.join(","), annotationsAllowed: props.prometheusMetadata.annotations.join(",") },
      microsoftDefender: { logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId },
      omsAgent: { logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId, msiAuthForMonitoringEnabled: true },
      // Patch releases only: a minor upgrade of a GPU cluster is planned work, not a surprise on Sunday night.
      automaticUpgradeChannel: "patch",
      nodeOsUpgradeChannel: "NodeImage",
      maintenanceWindowAutoUpgrade: window(props.maintenance.durationHours),
      maintenanceWindowNodeOs: window(props.maintenance.durationHours),
      diskEncryptionSetId: props.diskEncryptionSetId,
      identity: { type: "UserAssigned", identityIds: [identities.controlPlaneId] },
      kubeletIdentity: {
        userAssignedIdentityId: identities.kubelet.id,
        clientId: identities.kubelet.clientId,
        objectId: identities.kubelet.principalId,
      },
      networkProfile: {
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        networkDataPlane: "cilium",
        networkPolicy: "cilium",
        podCidr: network.podCidr,
        serviceCidr: network.serviceCidr,
        dnsServiceIp: network.dnsServiceIp,
        loadBalancerSku: "standard",
        outboundType: network.outboundType ?? "loadBalancer",
      },
      defaultNodePool: {
        name: "system",
        vmSize: props.systemPool.vmSize,
        vnetSubnetId: network.systemSubnetId,
        onlyCriticalAddonsEnabled: true,
        autoScalingEnabled: true,
        minCount: props.systemPool.minCount,
        maxCount: props.systemPool.maxCount,
        zones: [...props.systemPool.zones],
        osSku: "AzureLinux",
        osDiskType: "Ephemeral",
        hostEncryptionEnabled: true,
        nodePublicIpEnabled: false,
        temporaryNameForRotation: "systemtmp",
        upgradeSettings: { maxSurge: "33%", drainTimeoutInMinutes: 30 },
      },
      autoScalerProfile: {
        expander: props.autoscaler.expander,
        scaleDownDelayAfterAdd: `${props.autoscaler.scaleDownDelayAfterAddMinutes}m`,
        scaleDownUnneeded: `${props.autoscaler.scaleDownUnneededMinutes}m`,
        scaleDownUtilizationThreshold: String(props.autoscaler.scaleDownUtilizationThreshold),
        maxNodeProvisioningTime: `${props.autoscaler.maxNodeProvisioningMinutes}m`,
        // Model weights cached on local disk must not pin an idle GPU node forever.
        skipNodesWithLocalStorage: false,
        balanceSimilarNodeGroups: true,
      },
      // AKS checks the control plane's read access to the disk encryption set when it creates the cluster.
      dependsOn: [new PropagationWait(this, "disk-encryption-set-readable", { after: Object.values(desReader.roleAssignments), duration: ROLE_PROPAGATION }), ...(props.dependsOn ?? [])],
      lifecycle: { ignoreChanges: ["default_node_pool[0].node_count"] },
    });

    this.servicePool = new KubernetesClusterNodePool(this, "service-pool", {
      name: SERVICE_POOL_NAME,
      kubernetesClusterId: this.cluster.id,
      mode: "User",
      vmSize: props.servicePool.vmSize,
      vnetSubnetId: network.systemSubnetId,
      osType: "Linux",
      osSku: "AzureLinux",
      osDiskType: "Ephemeral",
      autoScalingEnabled: true,
      minCount: props.servicePool.minCount,
      maxCount: props.servicePool.maxCount,
      nodeCount: props.servicePool.minCount,
      zones: [...props.servicePool.zones],
      hostEncryptionEnabled: true,
      nodePublicIpEnabled: false,
      upgradeSettings: { maxSurge: "33%", drainTimeoutInMinutes: 30 },
      lifecycle: { ignoreChanges: ["node_count"] },
    });

    for (const pool of props.gpuPools) {
      this.gpuPools[pool.name] = new KubernetesClusterNodePool(this, `gpu-pool-${pool.name}`, {
        name: pool.name,
        kubernetesClusterId: this.cluster.id,
        mode: "User",
        vmSize: pool.vmSize,
        vnetSubnetId: network.gpuSubnetId,
        // A100/H100 sizes are not offered on Azure Linux node images.
        osType: "Linux",
        osSku: "Ubuntu",
        // AKS installs the NVIDIA driver matching its node image; the device plugin is ours (Learn: use-nvidia-gpu,
        // "you need to install the device plugin"), delivered with the serving manifests.
        gpuDriver: "Install",
        osDiskSizeGb: pool.osDiskSizeGb,
        autoScalingEnabled: true,
        minCount: pool.minCount,
        maxCount: pool.maxCount,
        nodeCount: pool.minCount,
        zones: pool.zones.length > 0 ? [...pool.zones] : undefined,
        hostEncryptionEnabled: true,
        nodePublicIpEnabled: false,
        nodeTaints: gpuPoolTaints(pool.spot ?? false),
        nodeLabels: { ...pool.labels, [GPU_POOL_LABEL]: pool.name, accelerator: "nvidia" },
        ...(pool.spot ? { priority: "Spot", evictionPolicy: "Delete", spotMaxPrice: -1 } : {}),
        ...gpuPoolUpgradeSettings(pool.spot ?? false),
        lifecycle: { ignoreChanges: ["node_count"] },
      });
    }

    new ResourceInterfaces(this, "interfaces", {
      resourceId: this.cluster.id,
      placement: props,
      props: { diagnostics: props.diagnostics, lock: props.lock, roleAssignments: props.roleAssignments },
    });
    this.oidcIssuerUrl = this.cluster.oidcIssuerUrl;
  }
}

/**
 * GPU capacity is scarce: replace nodes one at a time in place rather than asking for a surge node. azurerm 4.55
 * makes `max_surge` and `max_unavailable` ExactlyOneOf and sends `maxSurge: "0"` itself when only
 * `max_unavailable` is set (kubernetes_cluster_node_pool_resource.go, upgradeSettingsSchemaNodePoolResource and
 * expandAgentPoolUpgradeSettings). Spot pools get none: AKS returns empty upgrade settings for them (the provider's
 * flattenAgentPoolUpgradeSettings), so any value here would be a permanent diff.
 */
function gpuPoolUpgradeSettings(spot: boolean): Pick<KubernetesClusterNodePoolConfig, "upgradeSettings"> {
  return spot ? {} : { upgradeSettings: { maxUnavailable: "1", drainTimeoutInMinutes: 30 } };
}
