import { ENVIRONMENTS } from "../../environments";
import { loadEnvironments } from "../../stacks/synth";
import { AML_API_VERSION } from "../../constructs/azapi/machine-learning";
import { AZAPI_VERSION_CONSTRAINT } from "../../constructs/azapi/provider";
import { bootstrapResourceIds } from "../../stacks/bootstrap-stack";
import { gpuNodeDiskGb, startupSeconds } from "../../stacks/serving/model-settings";
import { type StackJson, type TerraformResourceBlock, synthesizedEstateForThisFile } from "../support/synthesized";

const synthesized = synthesizedEstateForThisFile();

const environments = Object.fromEntries(loadEnvironments().map((env) => [env.name, env]));
const inferenceStacks = () => synthesized.estate.stacks.filter((stack) => stack.stack.endsWith("-inference"));
const stackNamed = (name: string) => {
  const stack = synthesized.estate.stacks.find((candidate) => candidate.stack === name);
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
const PROD_STACKS = ["prod-eastus2-inference", "prod-swedencentral-inference"];
const ALL_STACKS = [...AKS_STACKS, ...PROD_STACKS];

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

  test("has GPU pools from config: User mode, Ubuntu, Learn's GPU taint, autoscaled, one node at a time, never resized by Terraform, disk for the weights", () => {
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
        os_disk_size_gb: gpuNodeDiskGb(env()),
        node_labels: expect.objectContaining({ "fhi.health/gpu-pool": config.name, accelerator: "nvidia" }),
        lifecycle: { ignore_changes: ["node_count"] },
      });
      expect(pool.node_taints[0]).toBe("sku=gpu:NoSchedule");
      if (config.spot) {
        expect(pool).toMatchObject({ priority: "Spot", eviction_policy: "Delete" });
        expect(pool).not.toHaveProperty("upgrade_settings");
      } else {
        expect(pool).not.toHaveProperty("priority");
        expect(pool.upgrade_settings).toEqual({ max_unavailable: "1", drain_timeout_in_minutes: 30 });
      }
    }
  });

  test("runs KEDA and sends Prometheus metrics with the labels the scaler queries", () => {
    expect(cluster().workload_autoscaler_profile).toEqual({ keda_enabled: true });
    expect(cluster().monitor_metrics).toEqual({ labels_allowed: "app.kubernetes.io/name,fhi.health/model-deployment", annotations_allowed: "fhi.health/config-sha256" });
  });

  test("has no Azure ML: no workspace, no Kubernetes compute, no Azure ML extension, no online endpoint", () => {
    const json = stackNamed(name);
    expect(blocks(json, "azurerm_machine_learning_workspace")).toEqual([]);
    expect((blocks(json, "azapi_resource") as AzapiBlock[]).filter((block) => block.type.startsWith(ML))).toEqual([]);
    expect((blocks(json, "azurerm_kubernetes_cluster_extension") as any[]).map((extension) => extension.extension_type)).toEqual(["microsoft.flux"]);
  });

  test("serves AKS-natively through Flux: one cluster-scoped configuration reading the gitops container as the kubelet identity", () => {
    const json = stackNamed(name);
    const flux = only(json, "azurerm_kubernetes_flux_configuration") as any;
    expect(flux).toMatchObject({ name: "model-serving", namespace: "flux-system", scope: "cluster", cluster_id: expect.stringMatching(/^\$\{azurerm_kubernetes_cluster\./) });
    expect(flux.blob_storage.container_id).toMatch(/^https:\/\/stdpfhi[a-z0-9]+\.blob\.core\.windows\.net\/gitops$/);
    expect(flux.blob_storage.managed_identity.client_id).toMatch(/identities_kubelet_\w+client_id\}$/);
    expect(flux.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^azurerm_kubernetes_cluster_extension\./), expect.stringMatching(/^azurerm_storage_blob\./), expect.stringMatching(/^time_sleep\.cluster-serving_manifest-reader-propagated/)]));
    const reader = (blocks(json, "azurerm_role_assignment") as any[]).find((assignment) => /identities_kubelet_\w+principal_id/.test(assignment.principal_id));
    expect(reader).toMatchObject({ role_definition_name: "Storage Blob Data Reader", scope: expect.stringMatching(/\/blobServices\/default\/containers\/gitops$/) });
  });

  test("the replica bounds of each deployment are the configuration's post-build substitutes, which on-call changes through ARM", () => {
    const [kustomization] = (only(stackNamed(name), "azurerm_kubernetes_flux_configuration") as any).kustomizations;
    const deployments = env().regions[0].endpoints.flatMap((endpoint) => endpoint.deployments);
    expect(kustomization).toMatchObject({ name: "model-serving", path: `./clusters/${cluster().name}`, garbage_collection_enabled: true });
    expect(kustomization.post_build.substitute).toEqual(
      Object.fromEntries(
        deployments.flatMap((deployment) => [
          [`${deployment.name.toUpperCase()}_MIN_REPLICAS`, String(deployment.instanceCount.min)],
          [`${deployment.name.toUpperCase()}_MAX_REPLICAS`, String(deployment.instanceCount.max)],
          [`${deployment.name.toUpperCase()}_TRAFFIC_PERCENT`, String(deployment.trafficPercent)],
        ]),
      ),
    );
    const servers = (blocks(stackNamed(name), "azurerm_storage_blob") as any[]).find((blob) => blob.name.endsWith("/model-servers.yaml"));
    // Escaped for Terraform: the blob holds ${BLUE_MIN_REPLICAS} for Flux to substitute.
    expect(servers.source_content).toContain("minReplicaCount: $${BLUE_MIN_REPLICAS}");
  });

  test("the model pods may read the weights container only; the router's host name resolves to its internal address", () => {
    const json = stackNamed(name);
    const weights = (blocks(json, "azurerm_role_assignment") as any[]).filter((assignment) => /identities_modelServer_\w+principal_id/.test(assignment.principal_id));
    expect(weights.map((assignment) => [assignment.role_definition_name, assignment.scope.replace(/^.*\/storageAccounts\//, "")])).toEqual([["Storage Blob Data Reader", expect.stringMatching(/^stdpfhi\w+\/blobServices\/default\/containers\/models$/)]]);
    const serving = env().regions[0].aks!.serving!;
    const [record, zone] = [only(json, "azurerm_private_dns_a_record") as any, (blocks(json, "azurerm_private_dns_zone") as any[]).find((candidate) => !candidate.name.startsWith("privatelink."))];
    expect(`${record.name}.${zone.name}`).toBe(serving.hostname);
    expect(record.records).toEqual([serving.privateIp]);
  });
});

test("dev's T4 pool is spot; pilot's H100 pool is not; pilot's egress goes through the hub route table", () => {
  const gpuPools = (stack: string) => (blocks(stackNamed(stack), "azurerm_kubernetes_cluster_node_pool") as any[]).filter((p) => p.name !== "service");
  expect(gpuPools("dev-eastus2-inference")[0]).toMatchObject({ name: "gput4", priority: "Spot", node_taints: ["sku=gpu:NoSchedule", "kubernetes.azure.com/scalesetpriority=spot:NoSchedule"] });
  expect(gpuPools("pilot-swedencentral-inference")[0]).toMatchObject({ name: "gpuh100", vm_size: "Standard_ND96isr_H100_v5", node_taints: ["sku=gpu:NoSchedule"] });
  expect(gpuPools("pilot-swedencentral-inference")[0]).not.toHaveProperty("priority");
  expect((only(stackNamed("pilot-swedencentral-inference"), "azurerm_kubernetes_cluster") as any).network_profile.outbound_type).toBe("userDefinedRouting");
  expect((only(stackNamed("dev-eastus2-inference"), "azurerm_kubernetes_cluster") as any).network_profile.outbound_type).toBe("loadBalancer");
  expect(blocks(stackNamed("prod-eastus2-inference"), "azurerm_kubernetes_cluster")).toEqual([]);
});

test("only dev's cluster runs without an uptime SLA; pilot's is Standard tier", () => {
  const tier = (stack: string) => (only(stackNamed(stack), "azurerm_kubernetes_cluster") as any).sku_tier;
  expect(AKS_STACKS.map(tier)).toEqual(["Free", "Standard"]);
});

describe.each(PROD_STACKS)("%s: the ML workspace", (name) => {
  test("is private, isolated to approved outbound, CMK-encrypted, v2 only, high business impact, with a private endpoint in both AML zones", () => {
    const json = stackNamed(name);
    const workspace = only(json, "azurerm_machine_learning_workspace") as any;
    expect(workspace).toMatchObject({
      public_network_access_enabled: false,
      managed_network: { isolation_mode: "AllowOnlyApprovedOutbound", provision_on_creation_enabled: true },
      timeouts: { create: "90m" },
      high_business_impact: true,
      v1_legacy_mode_enabled: false,
      identity: { type: "UserAssigned" },
    });
    expect(workspace.encryption.key_id).toMatch(/cmk-aml/);
    for (const linked of ["key_vault_id", "container_registry_id", "storage_account_id", "application_insights_id"]) expect(workspace[linked]).toMatch(/\$\{/);
    const endpoint = only(json, "azurerm_private_endpoint") as any;
    expect(endpoint.private_service_connection.subresource_names).toEqual(["amlworkspace"]);
    expect(endpoint.private_dns_zone_group.private_dns_zone_ids).toEqual([expect.stringMatching(/amlApi/), expect.stringMatching(/amlNotebooks/)]);
  });

  test("reaches the model store (the artifacts account's blob) through an outbound rule its identity may approve, then provisions the network again", () => {
    const json = stackNamed(name);
    const artifacts = bootstrapResourceIds(environments.prod).artifactsAccount;
    const rule = only(json, "azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint") as any;
    expect(rule).toMatchObject({ name: "model-store", service_resource_id: artifacts, sub_resource_target: "blob" });
    const approver = (blocks(json, "azurerm_role_assignment") as any[]).find((assignment) => assignment.role_definition_name === "Azure AI Enterprise Network Connection Approver");
    expect(approver).toMatchObject({ scope: artifacts, principal_id: expect.stringMatching(/identities_amlWorkspace_\w+principal_id/) });
    const provision = only(json, "azapi_resource_action") as any;
    expect(provision).toMatchObject({ action: "provisionManagedNetwork", depends_on: [expect.stringMatching(/^azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint\./), expect.stringMatching(/^time_sleep\.managed-serving_approver-propagated/)] });
  });

  test("registers the model as a CustomModel asset over an identity-based datastore on the models container", () => {
    const json = stackNamed(name);
    const [datastore] = azapiOfType(json, `${ML}/datastores`);
    expect(datastore.body.properties).toMatchObject({ datastoreType: "AzureBlob", accountName: bootstrapResourceIds(environments.prod).artifactsAccountName, containerName: "models", credentials: { credentialsType: "None" } });
    const [version] = azapiOfType(json, `${ML}/models/versions`);
    const { model } = environments.prod.releases[environments.prod.modelServer.release];
    expect(version.name).toBe(model.version);
    expect(version.body.properties).toMatchObject({ modelType: "CustomModel", modelUri: `azureml://datastores/modelstore/paths/clinical-llm/${model.version}/`, properties: { weightsSha256: model.weights.sha256 } });
  });
});

describe.each(PROD_STACKS)("%s: online endpoints", (name) => {
  const region = () => {
    const [envName, ...rest] = name.split("-");
    return environments[envName].regions.find((candidate) => candidate.location === rest.slice(0, -1).join("-"))!;
  };

  test("accept Entra ID tokens only and no public network traffic", () => {
    const endpoints = azapiOfType(stackNamed(name), `${ML}/onlineEndpoints`);
    expect(endpoints.map((endpoint) => endpoint.name)).toEqual(region().endpoints.map((endpoint) => endpoint.name));
    for (const endpoint of endpoints) {
      expect(endpoint.body.properties).toMatchObject({ authMode: "AADToken", publicNetworkAccess: "Disabled" });
      expect(endpoint.body.properties).not.toHaveProperty("compute");
      expect((endpoint as any).identity[0].identity_ids[0]).toMatch(/identities_modelServer/);
      expect(endpoint.lifecycle?.ignore_changes).toEqual(["body.properties.traffic"]);
    }
  });

  test("have deployments from config on managed H100 VMs that mount the model asset and start the server with its settings", () => {
    const json = stackNamed(name);
    const deployments = azapiOfType(json, `${ML}/onlineEndpoints/deployments`);
    const versions = azapiOfType(json, `${ML}/environments/versions`);
    const [modelVersion] = azapiOfType(json, `${ML}/models/versions`);
    for (const config of region().endpoints.flatMap((endpoint) => endpoint.deployments)) {
      const deployment = deployments.find((candidate) => candidate.name === config.name)!;
      expect(deployment.body.properties).toMatchObject({
        endpointComputeType: "Managed",
        instanceType: "Standard_ND96isr_H100_v5",
        model: idOf(json, modelVersion),
        modelMountPath: "/models",
        appInsightsEnabled: false,
        requestSettings: { requestTimeout: `PT${config.requestTimeoutMs / 1000}S`, maxConcurrentRequestsPerInstance: config.maxConcurrentRequestsPerInstance },
        environmentVariables: expect.objectContaining({ MODEL_DIR: "/models", TENSOR_PARALLEL_SIZE: "8", QUANTIZATION: "fp8", DTYPE: "auto", MAX_MODEL_LEN: "32768", SERVED_MODEL_NAME: "clinical-llm" }),
        livenessProbe: expect.objectContaining({ initialDelay: `PT${startupSeconds(environments.prod, config)}S` }),
      });
      expect(deployment.body.properties).not.toHaveProperty("egressPublicNetworkAccess");
      expect(deployment.body.sku.capacity).toBe(config.instanceCount.default);
      expect(deployment.lifecycle?.ignore_changes).toEqual(["body.sku.capacity"]);
      expect((deployment as any).depends_on).toEqual([
        expect.stringMatching(/^azapi_resource_action\.managed-serving_ml-workspace_provision-managed-network/),
        expect.stringMatching(/^azapi_resource\.managed-serving_model_version-/),
        expect.stringMatching(/^time_sleep\.managed-serving_model-server-access-propagated/),
      ]);
      const version = versions.find((candidate) => deployment.body.properties.environmentId === idOf(json, candidate))!;
      expect(version.body.properties.image).toMatch(new RegExp(`/model-server@${environments.prod.releases[environments.prod.modelServer.release].image.digest}$`));
      expect(version.body.properties.inferenceConfig.scoringRoute).toEqual({ path: "/v1/chat/completions", port: 8000 });
    }
  });

  test("split traffic as configured, once the deployments exist", () => {
    const json = stackNamed(name);
    const updates = blocks(json, "azapi_update_resource") as any[];
    for (const endpoint of region().endpoints) {
      const traffic = updates.find((update) => update.resource_id.includes(`endpoint-${endpoint.name}_endpoint`));
      expect(traffic.body).toEqual({ properties: { traffic: Object.fromEntries(endpoint.deployments.map((d) => [d.name, d.trafficPercent])), mirrorTraffic: Object.fromEntries(endpoint.deployments.map((d) => [d.name, 0])) } });
      expect(traffic.depends_on).toEqual(endpoint.deployments.map((d) => expect.stringContaining(`endpoint-${endpoint.name}_deployment-${d.name}_`)));
    }
  });
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

test("Kubernetes deployments get no Azure Monitor autoscale: KEDA scales them on the model server's queue", () => {
  for (const stack of AKS_STACKS) expect(blocks(stackNamed(stack), "azurerm_monitor_autoscale_setting")).toEqual([]);
});

describe.each(ALL_STACKS)("%s: alerts", (name) => {
  test("page the action group: the managed endpoints' p95 latency, 5xx and deployments at max; the cluster's GPU pools at max", () => {
    const json = stackNamed(name);
    const group = only(json, "azurerm_monitor_action_group") as any;
    expect(group.email_receiver).toEqual([{ name: "owner", email_address: ENVIRONMENTS[name.split("-")[0]].tags.owner, use_common_alert_schema: true }]);
    const alerts = blocks(json, "azurerm_monitor_metric_alert") as any[];
    const metrics = alerts.map((alert) => alert.criteria[0].metric_name).sort();
    expect(metrics).toEqual(AKS_STACKS.includes(name) ? ["cluster_autoscaler_unschedulable_pods_count"] : ["DeploymentCapacity", "RequestLatency_P95", "RequestsPerMinute"]);
    for (const alert of alerts) expect(alert.action).toEqual([{ action_group_id: expect.stringMatching(/^\$\{azurerm_monitor_action_group\./) }]);
    if (AKS_STACKS.includes(name)) return;
    const serverErrors = alerts.find((alert) => alert.criteria[0].metric_name === "RequestsPerMinute");
    expect(serverErrors.criteria[0].dimension).toEqual([{ name: "statusCodeClass", operator: "Include", values: ["5xx"] }]);
    const latency = alerts.find((alert) => alert.criteria[0].metric_name === "RequestLatency_P95");
    expect(latency.criteria[0].threshold).toBe(environments[name.split("-")[0]].alerts.latencyP95Ms);
  });
});

test("diagnostics of the cluster, the workspace and every endpoint go to the region's Log Analytics", () => {
  for (const name of ALL_STACKS) {
    const targets = (blocks(stackNamed(name), "azurerm_monitor_diagnostic_setting") as any[]).map((setting) => setting.target_resource_id);
    if (AKS_STACKS.includes(name)) expect(targets).toEqual([expect.stringMatching(/azurerm_kubernetes_cluster\./)]);
    else expect(targets.sort()).toEqual([expect.stringMatching(/_endpoint_/), expect.stringMatching(/machine_learning_workspace/)]);
  }
});

test("the model server's identity holds what it needs, and nothing more: Azure ML's needs in prod, the weights on the clusters", () => {
  const modelServerGrants = (stack: string) =>
    (blocks(stackNamed(stack), "azurerm_role_assignment") as any[])
      .filter((assignment) => /identities_modelServer_\w*\.?principal_id/.test(assignment.principal_id))
      .map((assignment) => [
        assignment.role_definition_name,
        /\/containers\/models$/.test(String(assignment.scope)) ? "models container" : (String(assignment.scope).match(/azurerm_(machine_learning_workspace|storage_account|container_registry|key_vault)/)?.[1] ?? "other"),
      ]);
  for (const name of ALL_STACKS) {
    const platform = name.replace(/-inference$/, "-platform");
    const readsSecrets = environments[name.split("-")[0]].keyVault.secrets.some((secret) => secret.readers.includes("model-server"));
    const azureMl = PROD_STACKS.includes(name) ? [["AcrPull", "container_registry"], ["AzureML Metrics Writer (preview)", "machine_learning_workspace"]] : [];
    expect([...modelServerGrants(name), ...modelServerGrants(platform)].sort()).toEqual(
      [["Storage Blob Data Reader", "models container"], ...azureMl, ...(readsSecrets ? [["Key Vault Secrets User", "key_vault"]] : [])].sort(),
    );
  }
});
