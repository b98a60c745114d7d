/**
 * Serving constraints (FHI-PF-AML-*, AKS-*): what deploys but never serves the model (issue 13). Each rule on small
 * fixtures: plain Terraform JSON where a rule reads one resource and its neighbours, a cdktf.out where it needs
 * depends_on.
 */
import { stringify } from "yaml";
import { LOCAL_BACKEND, removeFixtures, testCases, writeDeployment, writeTerraformJson, type PreflightCase, type Resources } from "./helpers";

afterAll(removeFixtures);

const WORKSPACE = "azurerm_machine_learning_workspace.ml";
const WORKSPACE_IDENTITY = "azurerm_user_assigned_identity.workspace";
const CLUSTER = "azurerm_kubernetes_cluster.aks";
const ENDPOINT = "azapi_resource.endpoint";
const DEPLOYMENT = "azapi_resource.deployment";
const DEPLOYMENT_TYPE = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments@2024-10-01";

function workspace(isolationMode: string, extra: Record<string, unknown> = {}): Resources {
  return {
    [WORKSPACE_IDENTITY]: { name: "id-aml", location: "eastus2", resource_group_name: "rg-ml" },
    "azurerm_storage_account.ml": { name: "stml", resource_group_name: "rg-ml", location: "eastus2", account_tier: "Standard", account_replication_type: "LRS" },
    [WORKSPACE]: {
      name: "mlw-fhi",
      public_network_access_enabled: false,
      storage_account_id: "${azurerm_storage_account.ml.id}",
      identity: { type: "UserAssigned", identity_ids: [`\${${WORKSPACE_IDENTITY}.id}`] },
      primary_user_assigned_identity: `\${${WORKSPACE_IDENTITY}.id}`,
      managed_network: { isolation_mode: isolationMode, ...extra },
    },
  };
}

function deployment(properties: Record<string, unknown>, dependsOn?: string[]): Resources {
  return {
    [ENDPOINT]: { type: "Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2024-10-01", name: "llm", parent_id: `\${${WORKSPACE}.id}`, body: { properties: { authMode: "AADToken" } } },
    [DEPLOYMENT]: {
      type: DEPLOYMENT_TYPE,
      name: "blue",
      parent_id: `\${${ENDPOINT}.id}`,
      body: { properties: { endpointComputeType: "Managed", environmentId: "${azapi_resource.environment_version.id}", model: "${azapi_resource.model_version.id}", ...properties } },
      ...(dependsOn ? { depends_on: dependsOn } : {}),
    },
  };
}

const KUBERNETES_COMPUTE: Resources = {
  "azapi_resource.kubernetes_compute": {
    type: "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01",
    name: "aks-gpu",
    parent_id: `\${${WORKSPACE}.id}`,
    body: { properties: { computeType: "Kubernetes", resourceId: `\${${CLUSTER}.id}` } },
  },
};

function cluster(localAccountDisabled: boolean): Resources {
  return {
    [CLUSTER]: { name: "aks-gpu", local_account_disabled: localAccountDisabled, default_node_pool: { name: "system", vm_size: "Standard_D4ds_v5" } },
    "azurerm_kubernetes_cluster_extension.azureml": { name: "azureml", cluster_id: `\${${CLUSTER}.id}`, extension_type: "Microsoft.AzureML.Kubernetes" },
  };
}

const kubernetesComputeCases: PreflightCase[] = [
  {
    rule: "FHI-PF-AML-001",
    name: "a Kubernetes compute attached to a workspace with a managed network",
    input: () => writeTerraformJson({ ...workspace("AllowOnlyApprovedOutbound"), ...KUBERNETES_COMPUTE }),
    address: "azapi_resource.kubernetes_compute",
    status: "fail",
    message: [`${WORKSPACE} has a managed network (AllowOnlyApprovedOutbound)`],
  },
  {
    rule: "FHI-PF-AML-001",
    name: "an azurerm inference cluster on a workspace with a managed network",
    input: () =>
      writeTerraformJson({
        ...workspace("AllowInternetOutbound"),
        "azurerm_machine_learning_inference_cluster.aks": { name: "aks", machine_learning_workspace_id: `\${${WORKSPACE}.id}`, kubernetes_cluster_id: `\${${CLUSTER}.id}`, location: "eastus2" },
      }),
    address: "azurerm_machine_learning_inference_cluster.aks",
    status: "fail",
    message: [`${WORKSPACE} has a managed network (AllowInternetOutbound)`],
  },
  {
    rule: "FHI-PF-AML-001",
    name: "a Kubernetes compute on a cluster with local accounts disabled (workspace without a managed network)",
    input: () => writeTerraformJson({ ...workspace("Disabled"), ...KUBERNETES_COMPUTE, ...cluster(true) }),
    address: "azapi_resource.kubernetes_compute",
    status: "fail",
    message: [`${CLUSTER} has local_account_disabled = true`],
  },
  {
    rule: "FHI-PF-AML-001",
    name: "a Kubernetes compute on a workspace whose managed network is disabled and a cluster with local accounts",
    input: () => writeTerraformJson({ ...workspace("Disabled"), ...KUBERNETES_COMPUTE, ...cluster(false) }),
    address: "azapi_resource.kubernetes_compute",
    status: "pass",
    message: ["no managed network"],
  },
  {
    rule: "FHI-PF-AKS-001",
    name: "the Azure ML extension on a cluster with local accounts disabled",
    input: () => writeTerraformJson(cluster(true)),
    address: "azurerm_kubernetes_cluster_extension.azureml",
    status: "fail",
    message: [`${CLUSTER} has local_account_disabled = true`],
  },
  {
    rule: "FHI-PF-AKS-001",
    name: "the Azure ML extension on a cluster attached to a workspace with a managed network",
    input: () => writeTerraformJson({ ...cluster(false), ...workspace("AllowOnlyApprovedOutbound"), ...KUBERNETES_COMPUTE }),
    address: "azurerm_kubernetes_cluster_extension.azureml",
    status: "fail",
    message: [`azapi_resource.kubernetes_compute attaches it: ${WORKSPACE} has a managed network (AllowOnlyApprovedOutbound)`],
  },
  {
    rule: "FHI-PF-AKS-001",
    name: "the Azure ML extension on a cluster with local accounts",
    input: () => writeTerraformJson(cluster(false)),
    address: "azurerm_kubernetes_cluster_extension.azureml",
    status: "pass",
    message: ["local accounts are enabled"],
  },
];

const deploymentCases: PreflightCase[] = [
  {
    rule: "FHI-PF-AML-002",
    name: "a custom environment and no model (the container starts without weights)",
    input: () => writeTerraformJson({ ...workspace("AllowOnlyApprovedOutbound"), ...deployment({ model: null }) }),
    address: DEPLOYMENT,
    status: "fail",
    message: ["body.properties.model is not set"],
  },
  {
    rule: "FHI-PF-AML-002",
    name: "a custom environment with the model asset mounted",
    input: () => writeTerraformJson({ ...workspace("AllowOnlyApprovedOutbound"), ...deployment({ modelMountPath: "/models" }) }),
    address: DEPLOYMENT,
    status: "pass",
    message: ["body.properties.model is set", "azapi_resource.model_version.id"],
  },
  {
    rule: "FHI-PF-AML-002",
    name: "a curated environment without a model",
    input: () => writeTerraformJson({ ...workspace("AllowOnlyApprovedOutbound"), ...deployment({ model: null, environmentId: "azureml://registries/azureml/environments/minimal-py311-inference/versions/10" }) }),
    address: DEPLOYMENT,
    status: "pass",
    message: ["a curated environment"],
  },
  {
    rule: "FHI-PF-AML-003",
    name: "egressPublicNetworkAccess Disabled under a managed network (Learn: avoid setting it)",
    input: () => writeTerraformJson({ ...workspace("AllowOnlyApprovedOutbound"), ...deployment({ egressPublicNetworkAccess: "Disabled" }) }),
    address: DEPLOYMENT,
    status: "fail",
    message: ['body.properties.egressPublicNetworkAccess is "Disabled" while azurerm_machine_learning_workspace.ml has a managed network (AllowOnlyApprovedOutbound)'],
  },
  {
    rule: "FHI-PF-AML-003",
    name: "the flag left out under a managed network",
    input: () => writeTerraformJson({ ...workspace("AllowOnlyApprovedOutbound"), ...deployment({}) }),
    address: DEPLOYMENT,
    status: "pass",
    message: ["not set"],
  },
  {
    rule: "FHI-PF-AML-003",
    name: "the flag on a workspace without a managed network (the legacy isolation it belongs to)",
    input: () => writeTerraformJson({ ...workspace("Disabled"), ...deployment({ egressPublicNetworkAccess: "Disabled" }) }),
    address: DEPLOYMENT,
    status: "pass",
    message: ["has no managed network"],
  },
];

const OUTBOUND = "azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint.store";
const STORE_ID = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-deploy/providers/Microsoft.Storage/storageAccounts/stdeploy";

function outboundRule(target: string): Resources {
  return { [OUTBOUND]: { name: "model-store", workspace_id: `\${${WORKSPACE}.id}`, service_resource_id: target, sub_resource_target: "blob" } };
}

function approver(scope: string, name = "approver"): Resources {
  return {
    [`azurerm_role_assignment.${name}`]: { scope, principal_id: `\${${WORKSPACE_IDENTITY}.principal_id}`, role_definition_name: "Azure AI Enterprise Network Connection Approver" },
  };
}

const outboundCases: PreflightCase[] = [
  {
    rule: "FHI-PF-AML-004",
    name: "a private endpoint to another account, and no approver role for the workspace identity",
    input: () => writeTerraformJson({ ...workspace("AllowOnlyApprovedOutbound"), ...outboundRule(STORE_ID) }),
    address: OUTBOUND,
    status: "fail",
    message: [`${WORKSPACE_IDENTITY}, ${WORKSPACE}'s identity, holds no Azure AI Enterprise Network Connection Approver on ${STORE_ID}`, "stays pending"],
  },
  {
    rule: "FHI-PF-AML-004",
    name: "the approver role on a different account",
    input: () => writeTerraformJson({ ...workspace("AllowOnlyApprovedOutbound"), ...outboundRule(STORE_ID), ...approver(STORE_ID.replace("stdeploy", "stother")) }),
    address: OUTBOUND,
    status: "fail",
    message: ["holds no Azure AI Enterprise Network Connection Approver"],
  },
  {
    rule: "FHI-PF-AML-004",
    name: "the approver role on the target's resource group",
    input: () => writeTerraformJson({ ...workspace("AllowOnlyApprovedOutbound"), ...outboundRule(STORE_ID), ...approver(STORE_ID.split("/providers/")[0]) }),
    address: OUTBOUND,
    status: "pass",
    message: ["holds Azure AI Enterprise Network Connection Approver through azurerm_role_assignment.approver"],
  },
  {
    rule: "FHI-PF-AML-004",
    name: "the approver role on a target of the input, by reference",
    input: () =>
      writeTerraformJson({
        ...workspace("AllowOnlyApprovedOutbound"),
        "azurerm_storage_account.store": { name: "stdeploy", resource_group_name: "rg-deploy", location: "eastus2", account_tier: "Standard", account_replication_type: "LRS" },
        ...outboundRule("${azurerm_storage_account.store.id}"),
        ...approver("${azurerm_storage_account.store.id}"),
      }),
    address: OUTBOUND,
    status: "pass",
    message: ["through azurerm_role_assignment.approver"],
  },
  {
    rule: "FHI-PF-AML-004",
    name: "a private endpoint to the workspace's own storage (Azure ML approves it)",
    input: () => writeTerraformJson({ ...workspace("AllowOnlyApprovedOutbound"), ...outboundRule("${azurerm_storage_account.ml.id}") }),
    address: OUTBOUND,
    status: "pass",
    message: ["one of the workspace's own resources"],
  },
];

const PROVISION = "azapi_resource_action.provision";

function provision(dependsOn: string[]): Resources {
  return { [PROVISION]: { type: "Microsoft.MachineLearningServices/workspaces@2024-10-01", resource_id: `\${${WORKSPACE}.id}`, action: "provisionManagedNetwork", method: "POST", body: { includeSpark: false }, depends_on: dependsOn } };
}

function inference(resources: Resources): string {
  return writeDeployment({ inference: { backend: LOCAL_BACKEND, resource: resources } });
}

const orderingCases: PreflightCase[] = [
  {
    rule: "FHI-PF-AML-005",
    name: "a deployment that waits for nothing, on a workspace with an outbound rule",
    input: () => inference({ ...workspace("AllowOnlyApprovedOutbound"), ...outboundRule(STORE_ID), ...deployment({}) }),
    address: DEPLOYMENT,
    stack: "inference",
    status: "fail",
    message: [`it waits for no provisionManagedNetwork action on ${WORKSPACE} after its outbound rules (${OUTBOUND})`],
  },
  {
    rule: "FHI-PF-AML-005",
    name: "provisioning on creation only, while an outbound rule is added after it",
    input: () => inference({ ...workspace("AllowOnlyApprovedOutbound", { provision_on_creation_enabled: true }), ...outboundRule(STORE_ID), ...deployment({}) }),
    address: DEPLOYMENT,
    stack: "inference",
    status: "fail",
    message: ["provisioning on creation comes before them"],
  },
  {
    rule: "FHI-PF-AML-005",
    name: "a provisioning action that does not wait for the outbound rule",
    input: () => inference({ ...workspace("AllowOnlyApprovedOutbound"), ...outboundRule(STORE_ID), ...provision([]), ...deployment({}, [PROVISION]) }),
    address: DEPLOYMENT,
    stack: "inference",
    status: "fail",
    message: [`${PROVISION} provisions the managed network before ${OUTBOUND} exists`],
  },
  {
    rule: "FHI-PF-AML-005",
    name: "provisioned after the outbound rule, then the deployment",
    input: () => inference({ ...workspace("AllowOnlyApprovedOutbound"), ...outboundRule(STORE_ID), ...provision([OUTBOUND]), ...deployment({}, [PROVISION]) }),
    address: DEPLOYMENT,
    stack: "inference",
    status: "pass",
    message: [`created after ${PROVISION} provisions the managed network with its 1 outbound rule(s)`],
  },
  {
    rule: "FHI-PF-AML-005",
    name: "provisioned on creation, no outbound rule",
    input: () => inference({ ...workspace("AllowOnlyApprovedOutbound", { provision_on_creation_enabled: true }), ...deployment({}) }),
    address: DEPLOYMENT,
    stack: "inference",
    status: "pass",
    message: ["provisions its managed network on creation"],
  },
  {
    rule: "FHI-PF-AML-005",
    name: "a plain *.tf.json (depends_on is not read there): unknown, not a false failure",
    input: () => writeTerraformJson({ ...workspace("AllowOnlyApprovedOutbound"), ...outboundRule(STORE_ID), ...provision([OUTBOUND]), ...deployment({}, [PROVISION]) }),
    address: DEPLOYMENT,
    status: "unknown",
    message: ["depends_on is known from a cdktf.out directory only"],
  },
];

/** A cluster with a Spot GPU pool tainted sku=gpu (AKS adds the Spot taint itself), and Flux reading the gitops container. */
const GPU_CLUSTER: Resources = {
  [CLUSTER]: { name: "aks-gpu", local_account_disabled: true, default_node_pool: { name: "system", vm_size: "Standard_D4ds_v5", only_critical_addons_enabled: true } },
  "azurerm_kubernetes_cluster_node_pool.gpu": {
    name: "gpua100",
    kubernetes_cluster_id: `\${${CLUSTER}.id}`,
    vm_size: "Standard_NC24ads_A100_v4",
    priority: "Spot",
    node_labels: { accelerator: "nvidia", "fhi.health/gpu-pool": "gpua100" },
    node_taints: ["sku=gpu:NoSchedule"],
  },
  "azurerm_kubernetes_flux_configuration.serving": {
    name: "model-serving",
    cluster_id: `\${${CLUSTER}.id}`,
    namespace: "flux-system",
    blob_storage: { container_id: "https://stdeploy.blob.core.windows.net/gitops", managed_identity: { client_id: "${azurerm_user_assigned_identity.kubelet.client_id}" } },
    kustomizations: [{ name: "model-serving", path: "./clusters/aks-gpu" }],
  },
};

const GPU_TOLERATION = { key: "sku", operator: "Equal", value: "gpu", effect: "NoSchedule" };
const SPOT_TOLERATION = { key: "kubernetes.azure.com/scalesetpriority", operator: "Equal", value: "spot", effect: "NoSchedule" };

function modelDeployment(nodeSelector: Record<string, string>, tolerations: object[]): object {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "model-blue", namespace: "model-serving" },
    spec: {
      template: {
        spec: {
          nodeSelector,
          tolerations,
          // An interpolated registry, written as Terraform writes it: the rule reads the template's literal parts.
          containers: [{ name: "model-server", image: "${azurerm_container_registry.acr.login_server}/model-server@sha256:abc", resources: { limits: { "nvidia.com/gpu": "1" } } }],
        },
      },
    },
  };
}

function devicePlugin(tolerations: object[]): object {
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: "nvidia-device-plugin-daemonset", namespace: "kube-system" },
    spec: { template: { spec: { nodeSelector: { accelerator: "nvidia" }, tolerations, containers: [{ name: "nvidia-device-plugin-ctr", image: "crfhi.azurecr.io/nvidia/k8s-device-plugin@sha256:def" }] } } },
  };
}

function manifestBlob(name: string, objects: readonly object[], folder = "clusters/aks-gpu"): Resources {
  const content = objects.map((object) => stringify(object)).join("---\n");
  return {
    [`azurerm_storage_blob.${name}`]: {
      name: `${folder}/${name}.yaml`,
      storage_account_name: "stdeploy",
      storage_container_name: "gitops",
      type: "Block",
      // Flux placeholders escaped for Terraform, as constructs/gitops/manifest-bundle.ts writes them.
      source_content: `${content}---\nkind: ConfigMap\napiVersion: v1\nmetadata: { name: replicas }\ndata: { max: "$\${BLUE_MAX_REPLICAS}" }\n`,
    },
  };
}

const gpuCases: PreflightCase[] = [
  {
    rule: "FHI-PF-AKS-002",
    name: "a GPU deployment that tolerates sku=gpu but not the Spot taint AKS adds",
    input: () => writeTerraformJson({ ...GPU_CLUSTER, ...manifestBlob("model", [modelDeployment({ "fhi.health/gpu-pool": "gpua100" }, [GPU_TOLERATION])]) }),
    address: "azurerm_storage_blob.model",
    status: "fail",
    message: [`Deployment model-serving/model-blue on ${CLUSTER}: pool gpua100 is tainted kubernetes.azure.com/scalesetpriority=spot:NoSchedule, which it does not tolerate`],
  },
  {
    rule: "FHI-PF-AKS-002",
    name: "a GPU deployment whose node selector names no pool of the cluster",
    input: () => writeTerraformJson({ ...GPU_CLUSTER, ...manifestBlob("model", [modelDeployment({ "fhi.health/gpu-pool": "gpuh100" }, [GPU_TOLERATION, SPOT_TOLERATION])]) }),
    address: "azurerm_storage_blob.model",
    status: "fail",
    message: ["its node selector (fhi.health/gpu-pool=gpuh100) selects none of the cluster's GPU pools (gpua100)"],
  },
  {
    rule: "FHI-PF-AKS-002",
    name: "a GPU deployment that selects its pool and tolerates every taint",
    input: () => writeTerraformJson({ ...GPU_CLUSTER, ...manifestBlob("model", [modelDeployment({ agentpool: "gpua100" }, [GPU_TOLERATION, SPOT_TOLERATION])]) }),
    address: "azurerm_storage_blob.model",
    status: "pass",
    message: ["Deployment model-serving/model-blue can run on a GPU pool"],
  },
  {
    rule: "FHI-PF-AKS-002",
    name: "manifests without GPU workloads",
    input: () => writeTerraformJson({ ...GPU_CLUSTER, ...manifestBlob("plugin", [devicePlugin([])]) }),
    address: "azurerm_storage_blob.plugin",
    status: "pass",
    message: ["no workload in it requests GPUs"],
  },
  {
    rule: "FHI-PF-AKS-003",
    name: "GPU pools and no device plugin in the cluster's manifests",
    input: () => writeTerraformJson({ ...GPU_CLUSTER, ...manifestBlob("model", [modelDeployment({ agentpool: "gpua100" }, [GPU_TOLERATION, SPOT_TOLERATION])]) }),
    address: CLUSTER,
    status: "fail",
    message: ["GPU pools gpua100, and no NVIDIA device plugin DaemonSet in the manifests Flux applies to the cluster"],
  },
  {
    rule: "FHI-PF-AKS-003",
    name: "a device plugin outside the folder Flux applies",
    input: () => writeTerraformJson({ ...GPU_CLUSTER, ...manifestBlob("plugin", [devicePlugin([GPU_TOLERATION, SPOT_TOLERATION])], "clusters/other") }),
    address: CLUSTER,
    status: "fail",
    message: ["no NVIDIA device plugin DaemonSet"],
  },
  {
    rule: "FHI-PF-AKS-003",
    name: "a device plugin that does not tolerate the GPU pool's taint",
    input: () => writeTerraformJson({ ...GPU_CLUSTER, ...manifestBlob("plugin", [devicePlugin([SPOT_TOLERATION])]) }),
    address: CLUSTER,
    status: "fail",
    message: ["the device plugin does not tolerate sku=gpu:NoSchedule of GPU pool gpua100"],
  },
  {
    rule: "FHI-PF-AKS-003",
    name: "a device plugin on every GPU pool",
    input: () => writeTerraformJson({ ...GPU_CLUSTER, ...manifestBlob("plugin", [devicePlugin([GPU_TOLERATION, SPOT_TOLERATION])]) }),
    address: CLUSTER,
    status: "pass",
    message: ["DaemonSet kube-system/nvidia-device-plugin-daemonset runs on GPU pools gpua100"],
  },
  {
    rule: "FHI-PF-AKS-003",
    name: "a cluster without GPU pools",
    input: () => writeTerraformJson(cluster(false)),
    address: CLUSTER,
    status: "pass",
    message: ["no GPU pool"],
  },
];

const FLUX = "azurerm_kubernetes_flux_configuration.serving";
const GITOPS: Resources = {
  "azurerm_user_assigned_identity.kubelet": { name: "id-kubelet", location: "eastus2", resource_group_name: "rg-platform" },
  "azurerm_storage_account.deploy": { name: "stdeploy", resource_group_name: "rg-deploy", location: "eastus2", account_tier: "Standard", account_replication_type: "LRS" },
  "azurerm_storage_container.gitops": { name: "gitops", storage_account_id: "${azurerm_storage_account.deploy.id}" },
};

function reader(scope: string, role = "Storage Blob Data Reader"): Resources {
  return { "azurerm_role_assignment.flux": { scope, principal_id: "${azurerm_user_assigned_identity.kubelet.principal_id}", role_definition_name: role } };
}

function flux(containerId: string): Resources {
  const configuration = GPU_CLUSTER[FLUX] as { blob_storage: Record<string, unknown> };
  return { ...GPU_CLUSTER, [FLUX]: { ...configuration, blob_storage: { ...configuration.blob_storage, container_id: containerId } } };
}

const fluxCases: PreflightCase[] = [
  {
    rule: "FHI-PF-AKS-004",
    name: "the container's ARM ID where its URL belongs",
    input: () => writeTerraformJson({ ...flux(`${STORE_ID}/blobServices/default/containers/gitops`), ...GITOPS, ...reader("${azurerm_storage_container.gitops.id}") }),
    address: FLUX,
    status: "fail",
    message: ["not a container's data-plane URL"],
  },
  {
    rule: "FHI-PF-AKS-004",
    name: "a reader identity without a blob data role",
    input: () => writeTerraformJson({ ...GPU_CLUSTER, ...GITOPS, ...reader("${azurerm_storage_container.gitops.id}", "Reader") }),
    address: FLUX,
    status: "fail",
    message: ["azurerm_user_assigned_identity.kubelet, the reader, holds no Storage Blob Data Reader on https://stdeploy.blob.core.windows.net/gitops"],
  },
  {
    rule: "FHI-PF-AKS-004",
    name: "Storage Blob Data Reader on the container, by reference",
    input: () => writeTerraformJson({ ...GPU_CLUSTER, ...GITOPS, ...reader("${azurerm_storage_container.gitops.id}") }),
    address: FLUX,
    status: "pass",
    message: ["reads https://stdeploy.blob.core.windows.net/gitops through azurerm_role_assignment.flux"],
  },
  {
    rule: "FHI-PF-AKS-004",
    name: "Storage Blob Data Reader on the account, by ARM ID",
    input: () => writeTerraformJson({ ...GPU_CLUSTER, ...GITOPS, ...reader(STORE_ID) }),
    address: FLUX,
    status: "pass",
    message: ["through azurerm_role_assignment.flux"],
  },
];

const CASES = [...kubernetesComputeCases, ...deploymentCases, ...outboundCases, ...orderingCases, ...gpuCases, ...fluxCases];

describe("preflight: serving constraints", () => {
  testCases(CASES, ["serving"]);
});
