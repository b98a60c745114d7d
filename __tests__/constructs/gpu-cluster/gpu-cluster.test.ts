import { TerraformOutput, Testing } from "cdktf";
import { GpuCluster, gpuPoolTaints, GPU_TAINT, SPOT_TAINT, type GpuClusterProps } from "../../../constructs/gpu-cluster/gpu-cluster";

const props: GpuClusterProps = {
  name: "aks-test",
  location: "eastus2",
  resourceGroupName: "rg-test",
  tenantId: "tenant",
  skuTier: "Standard",
  identities: { controlPlaneId: "/id/cp", controlPlanePrincipalId: "cp-principal", kubelet: { id: "/id/kubelet", clientId: "kubelet-client", principalId: "kubelet-principal" } },
  network: {
    systemSubnetId: "/subnet/system",
    gpuSubnetId: "/subnet/gpu",
    apiServerSubnetId: "/subnet/api",
    privateDnsZoneId: "/zone/aks",
    podCidr: "192.168.0.0/16",
    serviceCidr: "172.16.0.0/16",
    dnsServiceIp: "172.16.0.10",
    outboundType: "userDefinedRouting",
  },
  diskEncryptionSetId: "/des/test",
  logAnalyticsWorkspaceId: "/law/test",
  systemPool: { vmSize: "Standard_D4ds_v5", minCount: 3, maxCount: 5, zones: ["1", "2", "3"] },
  servicePool: { vmSize: "Standard_D4ds_v5", minCount: 2, maxCount: 4, zones: ["1", "2", "3"] },
  gpuPools: [
    { name: "gpuh100", vmSize: "Standard_NC40ads_H100_v5", minCount: 1, maxCount: 4, zones: ["1", "2"], labels: { team: "clinical-ai" }, osDiskSizeGb: 1024 },
    { name: "gpund", vmSize: "Standard_ND96isr_H100_v5", minCount: 0, maxCount: 2, zones: [], spot: true },
  ],
  autoscaler: { expander: "priority", scaleDownDelayAfterAddMinutes: 20, scaleDownUnneededMinutes: 25, scaleDownUtilizationThreshold: 0.4, maxNodeProvisioningMinutes: 45 },
  maintenance: { dayOfWeek: "Saturday", startHourUtc: 3, durationHours: 6 },
  diagnostics: { workspaceId: "/law/test" },
  prometheusMetadata: { labels: ["app.kubernetes.io/name", "fhi.health/model-deployment"], annotations: ["fhi.health/config-sha256"] },
};

let resources: Record<string, Record<string, any>>;
beforeAll(() => {
  resources = JSON.parse(Testing.synthScope((scope) => new GpuCluster(scope, "gpu", props))).resource;
});
const pool = (name: string) => Object.values(resources.azurerm_kubernetes_cluster_node_pool).find((candidate) => candidate.name === name);
const cluster = () => Object.values(resources.azurerm_kubernetes_cluster)[0];

test("the cluster sends egress the configured way and tunes the autoscaler from props", () => {
  expect(cluster().network_profile.outbound_type).toBe("userDefinedRouting");
  expect(cluster().auto_scaler_profile).toMatchObject({
    expander: "priority",
    scale_down_delay_after_add: "20m",
    scale_down_unneeded: "25m",
    scale_down_utilization_threshold: "0.4",
    max_node_provisioning_time: "45m",
  });
  expect(cluster().maintenance_window_node_os).toMatchObject({ day_of_week: "Saturday", start_time: "03:00", duration: 6, utc_offset: "+00:00" });
});

test("the control plane may read the disk encryption set before the cluster is created, once the grant has propagated", () => {
  const [grant] = Object.entries(resources.azurerm_role_assignment);
  expect(grant[1]).toMatchObject({ scope: "/des/test", principal_id: "cp-principal", role_definition_name: "Reader" });
  const [wait] = Object.entries(resources.time_sleep);
  expect(wait[1]).toMatchObject({ create_duration: "180s", depends_on: [`azurerm_role_assignment.${grant[0]}`] });
  expect(cluster().depends_on).toEqual([`time_sleep.${wait[0]}`]);
});

test("a GPU pool keeps its labels, gets the GPU taint and pool label, and pins zones only when given", () => {
  expect(pool("gpuh100")).toMatchObject({ zones: ["1", "2"], node_taints: [GPU_TAINT], node_labels: { team: "clinical-ai", "fhi.health/gpu-pool": "gpuh100", accelerator: "nvidia" } });
  expect(pool("gpund")).not.toHaveProperty("zones");
});

test("GPU nodes carry the taint Learn recommends (sku=gpu:NoSchedule), AKS's GPU driver and the disk the weights need", () => {
  expect(GPU_TAINT).toBe("sku=gpu:NoSchedule");
  expect(gpuPoolTaints(false)).toEqual([GPU_TAINT]);
  expect(gpuPoolTaints(true)).toEqual([GPU_TAINT, SPOT_TAINT]);
  expect(pool("gpuh100")).toMatchObject({ gpu_driver: "Install", os_sku: "Ubuntu", os_disk_size_gb: 1024 });
  // Without a size, AKS's default disk.
  expect(pool("gpund")).not.toHaveProperty("os_disk_size_gb");
});

test("KEDA and Managed Prometheus metrics are on, exporting exactly the labels and annotations given", () => {
  expect(cluster().workload_autoscaler_profile).toEqual({ keda_enabled: true });
  expect(cluster().monitor_metrics).toEqual({ labels_allowed: "app.kubernetes.io/name,fhi.health/model-deployment", annotations_allowed: "fhi.health/config-sha256" });
});

test("the cluster stays Entra-ID-only with workload identity, whose issuer federated credentials trust", () => {
  expect(cluster()).toMatchObject({ local_account_disabled: true, oidc_issuer_enabled: true, workload_identity_enabled: true, run_command_enabled: false, private_cluster_enabled: true });
  const synthesized = JSON.parse(Testing.synthScope((scope) => new TerraformOutput(scope, "issuer", { value: new GpuCluster(scope, "gpu", props).oidcIssuerUrl })));
  expect(synthesized.output.issuer.value).toMatch(/^\$\{azurerm_kubernetes_cluster\.gpu_cluster_[A-Z0-9]+\.oidc_issuer_url\}$/);
});

test("a spot pool deletes evicted nodes, pays at most on-demand and declares the taint AKS adds", () => {
  expect(pool("gpund")).toMatchObject({ priority: "Spot", eviction_policy: "Delete", spot_max_price: -1, node_taints: [GPU_TAINT, SPOT_TAINT] });
  expect(pool("gpuh100")).not.toHaveProperty("eviction_policy");
});

test("a GPU pool upgrades one node at a time without surge, setting only max_unavailable (ExactlyOneOf in azurerm 4.55)", () => {
  expect(pool("gpuh100").upgrade_settings).toEqual({ max_unavailable: "1", drain_timeout_in_minutes: 30 });
});

test("a spot pool has no upgrade settings: AKS returns none for spot pools, so any would be a permanent diff", () => {
  expect(pool("gpund")).not.toHaveProperty("upgrade_settings");
});

test("the service pool is untainted, zonal and left alone by Terraform once autoscaled", () => {
  expect(pool("service")).toMatchObject({ mode: "User", zones: ["1", "2", "3"], min_count: 2, max_count: 4, lifecycle: { ignore_changes: ["node_count"] } });
  expect(pool("service")).not.toHaveProperty("node_taints");
});

test("diagnostics go to the given workspace", () => {
  expect(Object.values(resources.azurerm_monitor_diagnostic_setting)[0]).toMatchObject({ log_analytics_workspace_id: "/law/test", target_resource_id: expect.stringMatching(/azurerm_kubernetes_cluster/) });
});
