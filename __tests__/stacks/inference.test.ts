import * as fs from "node:fs";
import { ENVIRONMENTS } from "../../environments";
import { loadEnvironments } from "../../stacks/synth";
import { AML_API_VERSION } from "../../constructs/azapi/machine-learning";
import { AZAPI_VERSION_CONSTRAINT } from "../../constructs/azapi/provider";
import { synthesizeEstate, type StackJson, type SynthesizedEstate, type TerraformResourceBlock } from "../support/synthesized";

let estate: SynthesizedEstate;
beforeAll(() => {
  estate = synthesizeEstate();
});
afterAll(() => fs.rmSync(estate.outdir, { recursive: true, force: true }));

const environments = Object.fromEntries(loadEnvironments().map((env) => [env.name, env]));
const inferenceStacks = () => estate.stacks.filter((stack) => stack.stack.endsWith("-inference"));
const stackNamed = (name: string) => {
  const stack = estate.stacks.find((candidate) => candidate.stack === name);
  if (!stack) throw new Error(`no stack ${name}`);
  return stack.json;
};
const blocks = (json: StackJson, type: string): TerraformResourceBlock[] => Object.values(json.resource?.[type] ?? {});
const only = (json: StackJson, type: string): TerraformResourceBlock => {
  const found = blocks(json, type);
  expect(found).toHaveLength(1);
  return found[0];
};
type AzapiBlock = TerraformResourceBlock & { type: string; name: string; body: any; lifecycle?: { ignore_changes?: string[] } };
const azapiOfType = (json: StackJson, type: string) => blocks(json, "azapi_resource").filter((block) => (block as AzapiBlock).type === `${type}@${AML_API_VERSION}`) as AzapiBlock[];
const ML = "Microsoft.MachineLearningServices/workspaces";
/** The `${azapi_resource.<key>.id}` expression other resources use to point at `block`. */
const idOf = (json: StackJson, block: TerraformResourceBlock) =>
  `\${azapi_resource.${Object.entries(json.resource?.azapi_resource ?? {}).find(([, candidate]) => candidate === block)![0]}.id}`;

const AKS_STACKS = ["dev-eastus2-inference", "pilot-swedencentral-inference"];
const ALL_STACKS = [...AKS_STACKS, "prod-eastus2-inference", "prod-swedencentral-inference"];

test("dev, pilot and prod have inference stacks in every region, each requiring azapi 2.x", () => {
  expect(inferenceStacks().map((stack) => stack.stack).sort()).toEqual([...ALL_STACKS].sort());
  for (const stack of inferenceStacks()) {
    expect(stack.json.terraform.required_providers?.azapi).toEqual({ source: "Azure/azapi", version: AZAPI_VERSION_CONSTRAINT });
    expect(stack.json.provider?.azapi[0]).toMatchObject({ subscription_id: ENVIRONMENTS[stack.environment].subscriptionId, environment: "public" });
  }
});

describe.each(AKS_STACKS)("%s: the GPU cluster", (name) => {
  const env = () => environments[name.split("-")[0]];
  const cluster = () => only(stackNamed(name), "azurerm_kubernetes_cluster") as any;

  test("is private, Entra-only, with workload identity, policy, Defender, Container Insights and CMK disks", () => {
    expect(cluster()).toMatchObject({
      private_cluster_enabled: true,
      private_cluster_public_fqdn_enabled: false,
      api_server_access_profile: { virtual_network_integration_enabled: true },
      local_account_disabled: true,
      role_based_access_control_enabled: true,
      azure_active_directory_role_based_access_control: { azure_rbac_enabled: true, tenant_id: env().tenantId },
      oidc_issuer_enabled: true,
      workload_identity_enabled: true,
      azure_policy_enabled: true,
      run_command_enabled: false,
      key_vault_secrets_provider: { secret_rotation_enabled: true },
      automatic_upgrade_channel: "patch",
      node_os_upgrade_channel: "NodeImage",
      identity: { type: "UserAssigned" },
      network_profile: { network_plugin: "azure", network_plugin_mode: "overlay", network_policy: "cilium" },
    });
    expect(cluster().private_dns_zone_id).toMatch(/private_dns_zone.*aks/);
    expect(cluster().api_server_access_profile.subnet_id).toMatch(/aksApiServer/);
    expect(cluster().disk_encryption_set_id).toMatch(/disk_encryption_set/);
    expect(cluster().microsoft_defender.log_analytics_workspace_id).toMatch(/log_analytics_workspace/);
    expect(cluster().oms_agent).toMatchObject({ msi_auth_for_monitoring_enabled: true });
    expect(cluster().oms_agent.log_analytics_workspace_id).toMatch(/log_analytics_workspace/);
    expect(cluster().kubelet_identity.user_assigned_identity_id).toMatch(/identities_kubelet/);
    expect(cluster().identity.identity_ids[0]).toMatch(/identities_aksControlPlane/);
    const window = { frequency: "Weekly", day_of_week: "Sunday", start_time: "02:00", duration: 4 };
    expect(cluster().maintenance_window_auto_upgrade).toMatchObject(window);
    expect(cluster().maintenance_window_node_os).toMatchObject(window);
  });

  test("takes its SKU tier and autoscaler profile from config", () => {
    const aks = env().regions[0].aks!;
    expect(cluster().sku_tier).toBe(aks.skuTier);
    expect(cluster().auto_scaler_profile).toMatchObject({
      expander: aks.autoscaler.expander,
      scale_down_delay_after_add: `${aks.autoscaler.scaleDownDelayAfterAddMinutes}m`,
      scale_down_unneeded: `${aks.autoscaler.scaleDownUnneededMinutes}m`,
    });
  });

  test("has a system pool for critical add-ons only, zonal, ephemeral OS disk, host encryption", () => {
    expect(cluster().default_node_pool).toMatchObject({
      only_critical_addons_enabled: true,
      zones: ["1", "2", "3"],
      os_disk_type: "Ephemeral",
      host_encryption_enabled: true,
      node_public_ip_enabled: false,
      auto_scaling_enabled: true,
    });
    expect(cluster().lifecycle.ignore_changes).toContain("default_node_pool[0].node_count");
  });

  test("has GPU pools from config: User mode, Ubuntu, tainted, autoscaled, one node at a time, never resized by Terraform", () => {
    const pools = blocks(stackNamed(name), "azurerm_kubernetes_cluster_node_pool") as any[];
    for (const config of env().regions[0].aks!.gpuPools) {
      const pool = pools.find((candidate) => candidate.name === config.name);
      expect(pool).toMatchObject({
        mode: "User",
        vm_size: config.vmSize,
        os_sku: "Ubuntu",
        gpu_driver: "Install",
        auto_scaling_enabled: true,
        min_count: config.minCount,
        max_count: config.maxCount,
        host_encryption_enabled: true,
        zones: ["1", "2", "3"],
        lifecycle: { ignore_changes: ["node_count"] },
      });
      expect(pool.node_taints).toContain("nvidia.com/gpu=present:NoSchedule");
      if (config.spot) {
        expect(pool).toMatchObject({ priority: "Spot", eviction_policy: "Delete" });
        expect(pool).not.toHaveProperty("upgrade_settings");
      } else {
        expect(pool).not.toHaveProperty("priority");
        expect(pool.upgrade_settings).toEqual({ max_unavailable: "1", drain_timeout_in_minutes: 30 });
      }
    }
  });

  test("is attached to the workspace as a Kubernetes compute through the AML extension, inference only, TLS, internal LB", () => {
    const json = stackNamed(name);
    expect(only(json, "azurerm_kubernetes_cluster_extension")).toMatchObject({
      extension_type: "microsoft.azureml.kubernetes",
      configuration_settings: { enableInference: "True", enableTraining: "False", allowInsecureConnections: "False", internalLoadBalancerProvider: "azure" },
    });
    const [compute] = azapiOfType(json, `${ML}/computes`);
    expect(compute.body.properties).toMatchObject({ computeType: "Kubernetes", disableLocalAuth: true });
    expect(compute.body.properties.resourceId).toMatch(/azurerm_kubernetes_cluster\./);
  });
});

test("dev's T4 pool is spot; pilot's A100 pool is not; pilot's egress goes through the hub route table", () => {
  const gpuPools = (stack: string) => (blocks(stackNamed(stack), "azurerm_kubernetes_cluster_node_pool") as any[]).filter((p) => p.name !== "service");
  expect(gpuPools("dev-eastus2-inference")[0]).toMatchObject({ name: "gput4", priority: "Spot" });
  expect(gpuPools("pilot-swedencentral-inference")[0]).toMatchObject({ name: "gpua100" });
  expect(gpuPools("pilot-swedencentral-inference")[0]).not.toHaveProperty("priority");
  expect((only(stackNamed("pilot-swedencentral-inference"), "azurerm_kubernetes_cluster") as any).network_profile.outbound_type).toBe("userDefinedRouting");
  expect((only(stackNamed("dev-eastus2-inference"), "azurerm_kubernetes_cluster") as any).network_profile.outbound_type).toBe("loadBalancer");
  expect(blocks(stackNamed("prod-eastus2-inference"), "azurerm_kubernetes_cluster")).toEqual([]);
});

test("only dev's cluster runs without an uptime SLA; pilot's is Standard tier", () => {
  const tier = (stack: string) => (only(stackNamed(stack), "azurerm_kubernetes_cluster") as any).sku_tier;
  expect(AKS_STACKS.map(tier)).toEqual(["Free", "Standard"]);
});

describe.each(ALL_STACKS)("%s: the ML workspace", (name) => {
  test("is private, isolated to approved outbound, CMK-encrypted, v2 only, with a private endpoint in both AML zones", () => {
    const env = environments[name.split("-")[0]];
    const json = stackNamed(name);
    const workspace = only(json, "azurerm_machine_learning_workspace") as any;
    expect(workspace).toMatchObject({
      public_network_access_enabled: false,
      managed_network: { isolation_mode: "AllowOnlyApprovedOutbound" },
      high_business_impact: env.protection.highBusinessImpact,
      v1_legacy_mode_enabled: false,
      identity: { type: "UserAssigned" },
    });
    expect(workspace.encryption.key_id).toMatch(/cmk-aml/);
    for (const linked of ["key_vault_id", "container_registry_id", "storage_account_id", "application_insights_id"]) expect(workspace[linked]).toMatch(/\$\{/);
    const endpoint = only(json, "azurerm_private_endpoint") as any;
    expect(endpoint.private_service_connection.subresource_names).toEqual(["amlworkspace"]);
    expect(endpoint.private_dns_zone_group.private_dns_zone_ids).toEqual([expect.stringMatching(/amlApi/), expect.stringMatching(/amlNotebooks/)]);
  });
});

test("high business impact is on in pilot and prod, off in dev", () => {
  const hbi = (stack: string) => (only(stackNamed(stack), "azurerm_machine_learning_workspace") as any).high_business_impact;
  expect(ALL_STACKS.map(hbi)).toEqual([false, true, true, true]);
});

describe.each(ALL_STACKS)("%s: online endpoints", (name) => {
  const region = () => {
    const [envName, ...rest] = name.split("-");
    return environments[envName].regions.find((candidate) => candidate.location === rest.slice(0, -1).join("-"))!;
  };

  test("accept tokens only (Entra ID on managed compute, Azure ML's own on Kubernetes, where Entra ID is not offered) and no public network traffic", () => {
    const endpoints = azapiOfType(stackNamed(name), `${ML}/onlineEndpoints`);
    expect(endpoints.map((endpoint) => endpoint.name)).toEqual(region().endpoints.map((endpoint) => endpoint.name));
    for (const [index, endpoint] of endpoints.entries()) {
      const onKubernetes = region().endpoints[index].deployments[0].compute.kind === "kubernetes";
      expect(endpoint.body.properties).toMatchObject({ authMode: onKubernetes ? "AMLToken" : "AADToken", publicNetworkAccess: "Disabled" });
      expect((endpoint as any).identity[0].identity_ids[0]).toMatch(/identities_modelServer/);
      expect(endpoint.lifecycle?.ignore_changes).toEqual(["body.properties.traffic"]);
    }
  });

  test("have deployments from config: compute, probes, timeout, counts; live counts ignored; image by digest", () => {
    const json = stackNamed(name);
    const deployments = azapiOfType(json, `${ML}/onlineEndpoints/deployments`);
    const versions = azapiOfType(json, `${ML}/environments/versions`);
    for (const config of region().endpoints.flatMap((endpoint) => endpoint.deployments)) {
      const deployment = deployments.find((candidate) => candidate.name === config.name)!;
      const managed = config.compute.kind === "managed";
      expect(deployment.body.properties).toMatchObject({
        endpointComputeType: managed ? "Managed" : "Kubernetes",
        instanceType: config.compute.instanceType,
        requestSettings: { requestTimeout: `PT${config.requestTimeoutMs / 1000}S` },
        livenessProbe: expect.objectContaining({ initialDelay: expect.any(String) }),
        readinessProbe: expect.objectContaining({ period: expect.any(String) }),
      });
      expect(deployment.body.sku.capacity).toBe(config.instanceCount.default);
      expect(deployment.lifecycle?.ignore_changes).toEqual(["body.sku.capacity"]);
      if (managed) expect(deployment.body.properties.egressPublicNetworkAccess).toBe("Disabled");
      else {
        expect(deployment.body.properties.scaleSettings).toEqual({
          scaleType: "TargetUtilization",
          minInstances: config.instanceCount.min,
          maxInstances: config.instanceCount.max,
          targetUtilizationPercentage: config.targetUtilization!.targetPercent,
          pollingInterval: `PT${config.targetUtilization!.pollingIntervalSeconds}S`,
        });
      }
      const version = versions.find((candidate) => deployment.body.properties.environmentId === idOf(json, candidate))!;
      expect(version.body.properties.image).toMatch(new RegExp(`/model-server@${environments[name.split("-")[0]].modelServer.image.digest}$`));
      expect(version.body.properties.inferenceConfig.scoringRoute).toEqual({ path: "/v1/chat/completions", port: 8000 });
    }
  });

  test("split traffic as configured, once the deployments exist", () => {
    const json = stackNamed(name);
    const updates = blocks(json, "azapi_update_resource") as any[];
    for (const endpoint of region().endpoints) {
      const traffic = updates.find((update) => update.resource_id.includes(`endpoint-${endpoint.name}_endpoint`));
      expect(traffic.body).toEqual({ properties: { traffic: Object.fromEntries(endpoint.deployments.map((d) => [d.name, d.trafficPercent])) } });
      expect(traffic.depends_on).toEqual(endpoint.deployments.map((d) => expect.stringContaining(`endpoint-${endpoint.name}_deployment-${d.name}_`)));
    }
  });
});

test("pilot serves from the AKS compute inside the trusted network; prod serves from managed H100 instances", () => {
  const endpointCompute = (stack: string) => azapiOfType(stackNamed(stack), `${ML}/onlineEndpoints`)[0].body.properties.compute;
  expect(endpointCompute("pilot-swedencentral-inference")).toMatch(/^\$\{azapi_resource\.kubernetes-compute_.*\.id\}$/);
  for (const stack of ["prod-eastus2-inference", "prod-swedencentral-inference"]) {
    expect(endpointCompute(stack)).toBeUndefined();
    expect(azapiOfType(stackNamed(stack), `${ML}/onlineEndpoints/deployments`)[0].body.properties).toMatchObject({
      endpointComputeType: "Managed",
      instanceType: "Standard_NC40ads_H100_v5",
    });
  }
});

describe.each(["prod-eastus2-inference", "prod-swedencentral-inference"])("%s: autoscale", (name) => {
  test("targets the managed deployment's ID with the configured profile and metric rules", () => {
    const json = stackNamed(name);
    const deploymentId = idOf(json, azapiOfType(json, `${ML}/onlineEndpoints/deployments`)[0]);
    const setting = only(json, "azurerm_monitor_autoscale_setting") as any;
    const config = environments.prod.regions[0].endpoints[0].deployments[0];
    expect(setting.target_resource_id).toBe(deploymentId);
    expect(setting.profile[0].capacity).toEqual({ minimum: config.instanceCount.min, default: config.instanceCount.default, maximum: config.instanceCount.max });
    expect(setting.profile[0].rule.map((rule: any) => [rule.metric_trigger.metric_name, rule.metric_trigger.metric_resource_id, rule.scale_action.direction, rule.scale_action.cooldown])).toEqual(
      config.autoscaleRules.map((rule) => [rule.metric, deploymentId, rule.direction === "out" ? "Increase" : "Decrease", `PT${rule.cooldownMinutes}M`]),
    );
    expect(setting.profile[0].rule[0].metric_trigger.metric_namespace).toBe(`${ML}/onlineEndpoints/deployments`);
  });
});

test("Kubernetes deployments get no Azure Monitor autoscale: Azure ML's TargetUtilization scaler owns them", () => {
  for (const stack of AKS_STACKS) expect(blocks(stackNamed(stack), "azurerm_monitor_autoscale_setting")).toEqual([]);
});

describe.each(ALL_STACKS)("%s: alerts", (name) => {
  test("page the action group on p95 latency, 5xx, deployments at max (and GPU pools at max where there is a cluster)", () => {
    const json = stackNamed(name);
    const group = only(json, "azurerm_monitor_action_group") as any;
    expect(group.email_receiver).toEqual([{ name: "owner", email_address: ENVIRONMENTS[name.split("-")[0]].tags.owner, use_common_alert_schema: true }]);
    const alerts = blocks(json, "azurerm_monitor_metric_alert") as any[];
    const metrics = alerts.map((alert) => alert.criteria[0].metric_name).sort();
    const expected = ["DeploymentCapacity", "RequestLatency_P95", "RequestsPerMinute", ...(AKS_STACKS.includes(name) ? ["cluster_autoscaler_unschedulable_pods_count"] : [])].sort();
    expect(metrics).toEqual(expected);
    for (const alert of alerts) expect(alert.action).toEqual([{ action_group_id: expect.stringMatching(/^\$\{azurerm_monitor_action_group\./) }]);
    const serverErrors = alerts.find((alert) => alert.criteria[0].metric_name === "RequestsPerMinute");
    expect(serverErrors.criteria[0].dimension).toEqual([{ name: "statusCodeClass", operator: "Include", values: ["5xx"] }]);
    const latency = alerts.find((alert) => alert.criteria[0].metric_name === "RequestLatency_P95");
    expect(latency.criteria[0].threshold).toBe(environments[name.split("-")[0]].alerts.latencyP95Ms);
  });
});

test("diagnostics of the cluster, the workspace and every endpoint go to the region's Log Analytics", () => {
  for (const name of ALL_STACKS) {
    const targets = (blocks(stackNamed(name), "azurerm_monitor_diagnostic_setting") as any[]).map((setting) => setting.target_resource_id);
    expect(targets).toEqual(expect.arrayContaining([expect.stringMatching(/machine_learning_workspace/), expect.stringMatching(/_endpoint_/)]));
    if (AKS_STACKS.includes(name)) expect(targets).toContainEqual(expect.stringMatching(/azurerm_kubernetes_cluster\./));
  }
});

test("the endpoints' identity holds what Azure ML needs of a user-assigned endpoint identity, and nothing more", () => {
  const modelServerGrants = (stack: string) =>
    (blocks(stackNamed(stack), "azurerm_role_assignment") as any[])
      .filter((assignment) => /identities_modelServer_\w*\.?principal_id/.test(assignment.principal_id))
      .map((assignment) => [assignment.role_definition_name, String(assignment.scope).match(/azurerm_(machine_learning_workspace|storage_account|container_registry|key_vault)/)?.[1] ?? "other"]);
  for (const name of ALL_STACKS) {
    const platform = name.replace(/-inference$/, "-platform");
    expect([...modelServerGrants(name), ...modelServerGrants(platform)].sort()).toEqual(
      [
        ["AcrPull", "container_registry"],
        ["AzureML Metrics Writer (preview)", "machine_learning_workspace"],
        ["Storage Blob Data Reader", "storage_account"],
        ...(environments[name.split("-")[0]].keyVault.secrets.some((secret) => secret.readers.includes("model-server")) ? [["Key Vault Secrets User", "key_vault"]] : []),
      ].sort(),
    );
  }
});
