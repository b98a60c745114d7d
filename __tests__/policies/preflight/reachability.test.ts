/**
 * Reachability from the deploy runners (FHI-PF-REACH-*), on tiny cdktf.out-shaped fixtures: a bootstrap stack that
 * holds the runner network, and later stacks whose backend, keys, containers and Kubernetes objects must reach a
 * data plane from there (issue 12, findings 1-3).
 */
import { fromStack, LOCAL_BACKEND, removeFixtures, testCases, stateBackend, writeDeployment, writeTerraformJson, type PreflightCase, type Resources } from "./helpers";

afterAll(removeFixtures);

const BOOTSTRAP = "env-bootstrap";
const NETWORK = "env-network";
const STATE_ACCOUNT = "stfhitfstate";
const BACKEND = "terraform.backend.azurerm";
const RUNNER_NETWORK = "azurerm_virtual_network.runners";

/** The runners' network: a subnet for the runners, one for private endpoints, and a spoke the runners are not in. */
const NETWORKS: Resources = {
  "azurerm_virtual_network.runners": { name: "vnet-deploy", address_space: ["10.9.0.0/24"] },
  "azurerm_subnet.runners": { name: "snet-runners", virtual_network_name: "${azurerm_virtual_network.runners.name}", address_prefixes: ["10.9.0.0/25"] },
  "azurerm_subnet.endpoints": { name: "snet-private-endpoints", virtual_network_name: "${azurerm_virtual_network.runners.name}", address_prefixes: ["10.9.0.128/27"] },
  "azurerm_virtual_network.spoke": { name: "vnet-spoke", address_space: ["10.10.0.0/16"] },
  "azurerm_subnet.workloads": { name: "snet-workloads", virtual_network_name: "${azurerm_virtual_network.spoke.name}", address_prefixes: ["10.10.0.0/24"] },
};

/** Self-hosted runners: a Container Apps job scaled by KEDA's github-runner rule, in the runner subnet. */
const CONTAINER_APPS_RUNNERS: Resources = {
  "azurerm_container_app_environment.runners": { name: "cae-runners", infrastructure_subnet_id: "${azurerm_subnet.runners.id}" },
  "azurerm_container_app_job.runner": {
    name: "caj-runners",
    container_app_environment_id: "${azurerm_container_app_environment.runners.id}",
    event_trigger_config: { scale: { rules: [{ name: "github-runner", custom_rule_type: "github-runner", metadata: { owner: "hospital", repos: "infra" } }] } },
  },
};

/** GitHub-hosted runners injected into the runner subnet (GitHub.Network/networkSettings). */
const GITHUB_HOSTED_RUNNERS: Resources = {
  "azapi_resource.runner_settings": { type: "GitHub.Network/networkSettings@2024-04-02", name: "runners", body: { properties: { businessId: "123", subnetId: "${azurerm_subnet.runners.id}" } } },
};

const PRIVATE_STATE: Resources = {
  "azurerm_storage_account.state": { name: STATE_ACCOUNT, public_network_access_enabled: false, network_rules: { default_action: "Deny", bypass: ["None"] } },
};

/** A private endpoint for `subresource` of `target`, in the runners' endpoint subnet, registered in `zone`. */
function privateEndpoint(target: string, subresource: string, zone: string, subnet = "${azurerm_subnet.endpoints.id}"): Record<string, unknown> {
  return {
    name: `pep-${subresource}`,
    subnet_id: subnet,
    private_service_connection: { name: `pep-${subresource}`, is_manual_connection: false, private_connection_resource_id: target, subresource_names: [subresource] },
    private_dns_zone_group: { name: "default", private_dns_zone_ids: [zone] },
  };
}

/** A private DNS zone and its link to `network`. */
function linkedZone(name: string, zoneName: string, network = "${azurerm_virtual_network.runners.id}"): Resources {
  return {
    [`azurerm_private_dns_zone.${name}`]: { name: zoneName },
    [`azurerm_private_dns_zone_virtual_network_link.${name}`]: { name: `link-${name}`, private_dns_zone_name: `\${azurerm_private_dns_zone.${name}.name}`, virtual_network_id: network, registration_enabled: false },
  };
}

const BLOB_ZONE = linkedZone("blob", "privatelink.blob.core.windows.net");
const STATE_ENDPOINT: Resources = { "azurerm_private_endpoint.state_blob": privateEndpoint("${azurerm_storage_account.state.id}", "blob", "${azurerm_private_dns_zone.blob.id}") };

/** A bootstrap (local state) with `resources`, and a network stack whose state lives in the bootstrap's account. */
function stateDeployment(bootstrap: Resources, network: Resources = { "azurerm_resource_group.spoke": { name: "rg-spoke", location: "eastus2" } }): string {
  return writeDeployment({
    [BOOTSTRAP]: { backend: LOCAL_BACKEND, resource: bootstrap },
    [NETWORK]: { dependencies: [BOOTSTRAP], backend: stateBackend(STATE_ACCOUNT), resource: network },
  });
}

const stateCases: PreflightCase[] = [
  {
    rule: "FHI-PF-REACH-001",
    name: "a private state account with no private endpoint in the runner network (finding 1: init fails with 403)",
    input: () => stateDeployment({ ...NETWORKS, ...CONTAINER_APPS_RUNNERS, ...PRIVATE_STATE }),
    address: BACKEND,
    stack: NETWORK,
    status: "fail",
    message: ["azurerm_storage_account.state (blob) has no public network access", `no blob private endpoint in the deploy runners' network (${RUNNER_NETWORK})`],
  },
  {
    rule: "FHI-PF-REACH-001",
    name: "the state's blob private endpoint and its zone, linked to the runner network, in the earlier bootstrap",
    input: () => stateDeployment({ ...NETWORKS, ...CONTAINER_APPS_RUNNERS, ...PRIVATE_STATE, ...STATE_ENDPOINT, ...BLOB_ZONE }),
    address: BACKEND,
    stack: NETWORK,
    status: "pass",
    message: [`through azurerm_private_endpoint.state_blob in ${RUNNER_NETWORK}, resolved by privatelink.blob.core.windows.net`],
  },
  {
    rule: "FHI-PF-REACH-001",
    name: "the same path for GitHub-hosted runners injected into the runner subnet",
    input: () => stateDeployment({ ...NETWORKS, ...GITHUB_HOSTED_RUNNERS, ...PRIVATE_STATE, ...STATE_ENDPOINT, ...BLOB_ZONE }),
    address: BACKEND,
    stack: NETWORK,
    status: "pass",
    message: [`in ${RUNNER_NETWORK}`],
  },
  {
    rule: "FHI-PF-REACH-001",
    name: "the state's private endpoint created by the stack whose backend it is (init runs before it exists)",
    input: () =>
      stateDeployment(
        { ...NETWORKS, ...CONTAINER_APPS_RUNNERS, ...PRIVATE_STATE, ...BLOB_ZONE },
        {
          "azurerm_private_endpoint.state_blob": privateEndpoint(
            fromStack(BOOTSTRAP, "azurerm_storage_account.state.id"),
            "blob",
            fromStack(BOOTSTRAP, "azurerm_private_dns_zone.blob.id"),
            fromStack(BOOTSTRAP, "azurerm_subnet.endpoints.id"),
          ),
        },
      ),
    address: BACKEND,
    stack: NETWORK,
    status: "fail",
    message: ["azurerm_private_endpoint.state_blob is not created before terraform.backend.azurerm (an earlier stack"],
  },
  {
    rule: "FHI-PF-REACH-001",
    name: "the blob zone linked to the spoke only, not to the runner network",
    input: () => stateDeployment({ ...NETWORKS, ...CONTAINER_APPS_RUNNERS, ...PRIVATE_STATE, ...STATE_ENDPOINT, ...linkedZone("blob", "privatelink.blob.core.windows.net", "${azurerm_virtual_network.spoke.id}") }),
    address: BACKEND,
    stack: NETWORK,
    status: "fail",
    message: [`azurerm_private_endpoint.state_blob's zone is not linked to ${RUNNER_NETWORK} before terraform.backend.azurerm runs`],
  },
  {
    rule: "FHI-PF-REACH-001",
    name: "the endpoint registered in no privatelink.blob zone (the account resolves to its public address)",
    input: () =>
      stateDeployment({
        ...NETWORKS,
        ...CONTAINER_APPS_RUNNERS,
        ...PRIVATE_STATE,
        ...linkedZone("vault", "privatelink.vaultcore.azure.net"),
        "azurerm_private_endpoint.state_blob": privateEndpoint("${azurerm_storage_account.state.id}", "blob", "${azurerm_private_dns_zone.vault.id}"),
      }),
    address: BACKEND,
    stack: NETWORK,
    status: "fail",
    message: ["azurerm_private_endpoint.state_blob registers in no privatelink.blob.* zone, so azurerm_storage_account.state resolves to its public address"],
  },
  {
    rule: "FHI-PF-REACH-001",
    name: "the endpoint in the spoke, not in the runner network",
    input: () =>
      stateDeployment({
        ...NETWORKS,
        ...CONTAINER_APPS_RUNNERS,
        ...PRIVATE_STATE,
        ...BLOB_ZONE,
        "azurerm_private_endpoint.state_blob": privateEndpoint("${azurerm_storage_account.state.id}", "blob", "${azurerm_private_dns_zone.blob.id}", "${azurerm_subnet.workloads.id}"),
      }),
    address: BACKEND,
    stack: NETWORK,
    status: "fail",
    message: [`no blob private endpoint in the deploy runners' network (${RUNNER_NETWORK})`],
  },
  {
    rule: "FHI-PF-REACH-001",
    name: "no runner network in the input: nothing to check the path from",
    input: () => stateDeployment({ ...NETWORKS, ...PRIVATE_STATE, ...STATE_ENDPOINT, ...BLOB_ZONE }),
    address: BACKEND,
    stack: NETWORK,
    status: "unknown",
    message: ["azurerm_storage_account.state (blob) is private and the input declares no deploy runner network"],
  },
  {
    rule: "FHI-PF-REACH-001",
    name: "a state account with public network access",
    input: () => stateDeployment({ ...NETWORKS, ...CONTAINER_APPS_RUNNERS, "azurerm_storage_account.state": { name: STATE_ACCOUNT, public_network_access_enabled: true } }),
    address: BACKEND,
    stack: NETWORK,
    status: "pass",
    message: ["has public network access"],
  },
  {
    rule: "FHI-PF-REACH-001",
    name: "the bootstrap's local backend",
    input: () => stateDeployment({ ...NETWORKS, ...CONTAINER_APPS_RUNNERS, ...PRIVATE_STATE }),
    address: "terraform.backend.local",
    stack: BOOTSTRAP,
    status: "pass",
    message: ["local backend"],
  },
  {
    rule: "FHI-PF-REACH-001",
    name: "a state account the input does not hold",
    input: () => writeDeployment({ [NETWORK]: { backend: stateBackend("stelsewhere"), resource: { ...NETWORKS, ...CONTAINER_APPS_RUNNERS } } }),
    address: BACKEND,
    stack: NETWORK,
    status: "unknown",
    message: ["the state account stelsewhere is not in the input"],
  },
];

const PLATFORM = "env-platform";
const PRIVATE_VAULT: Resources = { "azurerm_key_vault.vault": { name: "kv-fhi", sku_name: "premium", public_network_access_enabled: false, network_acls: { default_action: "Deny", bypass: "None" } } };
const VAULT_PATH: Resources = {
  ...linkedZone("vault", "privatelink.vaultcore.azure.net"),
  "azurerm_private_endpoint.vault": privateEndpoint("${azurerm_key_vault.vault.id}", "vault", "${azurerm_private_dns_zone.vault.id}"),
};

/** The runners in the bootstrap; `platform` in a later stack. */
function platformDeployment(bootstrap: Resources, platform: Resources): string {
  return writeDeployment({
    [BOOTSTRAP]: { backend: LOCAL_BACKEND, resource: { ...NETWORKS, ...CONTAINER_APPS_RUNNERS, ...bootstrap } },
    [PLATFORM]: { dependencies: [BOOTSTRAP], resource: platform },
  });
}

const dataPlaneCases: PreflightCase[] = [
  {
    rule: "FHI-PF-REACH-002",
    name: "an azurerm_key_vault_key on a private vault the runners have no path to (finding 3)",
    input: () => platformDeployment({}, { ...PRIVATE_VAULT, "azurerm_key_vault_key.cmk": { name: "cmk", key_vault_id: "${azurerm_key_vault.vault.id}", key_type: "RSA-HSM", key_size: 3072, key_opts: ["wrapKey", "unwrapKey"] } }),
    address: "azurerm_key_vault_key.cmk",
    status: "fail",
    message: ["azurerm_key_vault.vault (vault) has no public network access", `no vault private endpoint in the deploy runners' network (${RUNNER_NETWORK})`],
  },
  {
    rule: "FHI-PF-REACH-002",
    name: "a key on a vault whose private endpoint and privatelink.vaultcore zone are in the runner network, created earlier",
    input: () =>
      platformDeployment({ ...PRIVATE_VAULT, ...VAULT_PATH }, { "azurerm_key_vault_secret.token": { name: "token", value: "x", key_vault_id: fromStack(BOOTSTRAP, "azurerm_key_vault.vault.id") } }),
    address: "azurerm_key_vault_secret.token",
    status: "pass",
    message: [`through azurerm_private_endpoint.vault in ${RUNNER_NETWORK}, resolved by privatelink.vaultcore.azure.net`],
  },
  {
    rule: "FHI-PF-REACH-003",
    name: "a container addressed by storage_account_name on a private account (a data-plane call)",
    input: () =>
      platformDeployment({}, { "azurerm_storage_account.data": { name: "stdata", public_network_access_enabled: false }, "azurerm_storage_container.models": { name: "models", storage_account_name: "${azurerm_storage_account.data.name}" } }),
    address: "azurerm_storage_container.models",
    status: "fail",
    message: ["azurerm_storage_account.data (blob) has no public network access and no blob private endpoint in the deploy runners' network"],
  },
  {
    rule: "FHI-PF-REACH-003",
    name: "the same container addressed by storage_account_id (Resource Manager)",
    input: () =>
      platformDeployment({}, { "azurerm_storage_account.data": { name: "stdata", public_network_access_enabled: false }, "azurerm_storage_container.models": { name: "models", storage_account_id: "${azurerm_storage_account.data.id}" } }),
    address: "azurerm_storage_container.models",
    status: "pass",
    message: ["Azure Resource Manager"],
  },
  {
    rule: "FHI-PF-REACH-003",
    name: "a queue on a private account, with its queue private endpoint and zone in the runner network, created earlier",
    input: () =>
      platformDeployment(
        {
          "azurerm_storage_account.data": { name: "stdata", public_network_access_enabled: false },
          ...linkedZone("queue", "privatelink.queue.core.windows.net"),
          "azurerm_private_endpoint.data_queue": privateEndpoint("${azurerm_storage_account.data.id}", "queue", "${azurerm_private_dns_zone.queue.id}"),
        },
        { "azurerm_storage_queue.jobs": { name: "jobs", storage_account_name: "stdata" } },
      ),
    address: "azurerm_storage_queue.jobs",
    status: "pass",
    message: ["through azurerm_private_endpoint.data_queue"],
  },
];

const PRIVATE_ACCOUNT: Resources = { "azurerm_storage_account.data": { name: "stdata", account_tier: "Standard", account_replication_type: "ZRS", public_network_access_enabled: false } };

const pollingCases: PreflightCase[] = [
  {
    rule: "FHI-PF-REACH-004",
    name: "a private account in a stack whose provider keeps features {} (finding 2: the post-create poll gets 403)",
    input: () => writeDeployment({ [PLATFORM]: { provider: { azurerm: { features: [{}] } }, resource: PRIVATE_ACCOUNT } }),
    address: "azurerm_storage_account.data",
    status: "fail",
    message: [`public network access is off and stack ${PLATFORM}'s azurerm provider polls the data plane after create`],
  },
  {
    rule: "FHI-PF-REACH-004",
    name: "the same account with features { storage { data_plane_available = false } }, as cdktf writes it",
    input: () => writeDeployment({ [PLATFORM]: { provider: { azurerm: { features: [{ storage: [{ data_plane_available: false }] }] } }, resource: PRIVATE_ACCOUNT } }),
    address: "azurerm_storage_account.data",
    status: "pass",
    message: ["data_plane_available = false"],
  },
  {
    rule: "FHI-PF-REACH-004",
    name: "a public account: the poll reaches it",
    input: () => writeDeployment({ [PLATFORM]: { resource: { "azurerm_storage_account.data": { name: "stdata", public_network_access_enabled: true } } } }),
    address: "azurerm_storage_account.data",
    status: "pass",
  },
  {
    rule: "FHI-PF-REACH-004",
    name: "a private account in a plain *.tf.json (no provider block to read)",
    input: () => writeTerraformJson(PRIVATE_ACCOUNT),
    address: "azurerm_storage_account.data",
    status: "unknown",
    message: ["set features.storage.data_plane_available = false"],
  },
];

const INFERENCE = "env-inference";
const PRIVATE_CLUSTER: Resources = {
  "azurerm_kubernetes_cluster.aks": {
    name: "aks-gpu",
    private_cluster_enabled: true,
    local_account_disabled: true,
    default_node_pool: { name: "system", vm_size: "Standard_D4ds_v5", vnet_subnet_id: "${azurerm_subnet.workloads.id}" },
  },
  "kubernetes_namespace.serving": { metadata: { name: "serving" } },
};

const kubernetesCases: PreflightCase[] = [
  {
    rule: "FHI-PF-REACH-005",
    name: "a Kubernetes object on a private cluster in a spoke the runners' network is not peered with",
    input: () => writeDeployment({ [INFERENCE]: { resource: { ...NETWORKS, ...CONTAINER_APPS_RUNNERS, ...PRIVATE_CLUSTER } } }),
    address: "kubernetes_namespace.serving",
    status: "fail",
    message: ["kubernetes_namespace.serving talks to a Kubernetes API server, and azurerm_kubernetes_cluster.aks is private with no path from the runners' network"],
  },
  {
    rule: "FHI-PF-REACH-005",
    name: "the same with the spoke peered to the runners' network",
    input: () =>
      writeDeployment({
        [INFERENCE]: {
          resource: {
            ...NETWORKS,
            ...CONTAINER_APPS_RUNNERS,
            ...PRIVATE_CLUSTER,
            "azurerm_virtual_network_peering.spoke_to_runners": { name: "peer", virtual_network_name: "${azurerm_virtual_network.spoke.name}", remote_virtual_network_id: "${azurerm_virtual_network.runners.id}" },
          },
        },
      }),
    address: "kubernetes_namespace.serving",
    status: "pass",
  },
  {
    rule: "FHI-PF-REACH-005",
    name: "a Helm release with no private cluster in the input",
    input: () => writeTerraformJson({ "helm_release.ingress": { name: "ingress", chart: "ingress-nginx" } }),
    address: "helm_release.ingress",
    status: "pass",
    message: ["no private AKS cluster"],
  },
];

const CASES = [...stateCases, ...dataPlaneCases, ...pollingCases, ...kubernetesCases];

describe("preflight: reachability from the deploy runners", () => {
  testCases(CASES, ["reachability"]);
});
