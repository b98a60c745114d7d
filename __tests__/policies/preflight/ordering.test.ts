/**
 * Ordering and timing (FHI-PF-ORDER-*): grants waited for before the resources that use them, resource providers
 * and features registered before first use, ARM keys never updated or destroyed (issue 12, findings 5 and 7).
 */
import { fromStack, LOCAL_BACKEND, removeFixtures, testCases, writeDeployment, writePlan, writeTerraformJson, type PreflightCase, type Resources } from "./helpers";

afterAll(removeFixtures);

const BOOTSTRAP = "env-bootstrap";
const PLATFORM = "env-platform";
const INFERENCE = "env-inference";
const ACCOUNT = "azurerm_storage_account.data";

const VAULT_AND_KEY: Resources = {
  "azurerm_key_vault.vault": { name: "kv-fhi", sku_name: "premium", rbac_authorization_enabled: true },
  "azapi_resource.cmk": {
    type: "Microsoft.KeyVault/vaults/keys@2023-07-01",
    name: "cmk-data",
    parent_id: "${azurerm_key_vault.vault.id}",
    body: { properties: { kty: "RSA-HSM", keySize: 3072 } },
  },
};

const IDENTITY: Resources = { "azurerm_user_assigned_identity.data": { name: "id-data", location: "eastus2", resource_group_name: "rg" } };

function cryptoGrant(principal = "${azurerm_user_assigned_identity.data.principal_id}", scope = "${azurerm_key_vault.vault.id}"): Resources {
  return { "azurerm_role_assignment.data_crypto": { principal_id: principal, scope, role_definition_name: "Key Vault Crypto Service Encryption User", principal_type: "ServicePrincipal" } };
}

/** A storage account that reads its customer-managed key with the identity at creation, waiting for `dependsOn`. */
function cmkAccount(dependsOn: readonly string[], identity = "${azurerm_user_assigned_identity.data.id}", key = "${azapi_resource.cmk.id}"): Resources {
  return {
    [ACCOUNT]: {
      name: "stdata",
      identity: { type: "UserAssigned", identity_ids: [identity] },
      customer_managed_key: { key_vault_key_id: key, user_assigned_identity_id: identity },
      depends_on: dependsOn,
    },
  };
}

const PROPAGATION_WAIT: Resources = { "time_sleep.crypto_propagated": { create_duration: "120s", depends_on: ["azurerm_role_assignment.data_crypto"] } };

const grantCases: PreflightCase[] = [
  {
    rule: "FHI-PF-ORDER-001",
    name: "a CMK storage account created in the same apply as its role assignment, depending on it but with no wait",
    input: () => writeDeployment({ [PLATFORM]: { resource: { ...VAULT_AND_KEY, ...IDENTITY, ...cryptoGrant(), ...cmkAccount(["azurerm_role_assignment.data_crypto"]) } } }),
    address: ACCOUNT,
    status: "fail",
    message: [`${ACCOUNT} reads its customer-managed key as azurerm_user_assigned_identity.data, granted by azurerm_role_assignment.data_crypto in the same apply with no wait for role propagation`],
  },
  {
    rule: "FHI-PF-ORDER-001",
    name: "the same account behind a time_sleep that depends on the assignment",
    input: () => writeDeployment({ [PLATFORM]: { resource: { ...VAULT_AND_KEY, ...IDENTITY, ...cryptoGrant(), ...PROPAGATION_WAIT, ...cmkAccount(["time_sleep.crypto_propagated"]) } } }),
    address: ACCOUNT,
    status: "pass",
    message: ["after its grant has propagated"],
  },
  {
    rule: "FHI-PF-ORDER-001",
    name: "the grant made by an earlier stack",
    input: () =>
      writeDeployment({
        [BOOTSTRAP]: { backend: LOCAL_BACKEND, resource: { ...VAULT_AND_KEY, ...IDENTITY, ...cryptoGrant() } },
        [PLATFORM]: {
          dependencies: [BOOTSTRAP],
          resource: cmkAccount([], fromStack(BOOTSTRAP, "azurerm_user_assigned_identity.data.id"), fromStack(BOOTSTRAP, "azapi_resource.cmk.id")),
        },
      }),
    address: ACCOUNT,
    stack: PLATFORM,
    status: "pass",
  },
  {
    rule: "FHI-PF-ORDER-001",
    name: "no role assignment for the identity in the input (granted elsewhere)",
    input: () => writeDeployment({ [PLATFORM]: { resource: { ...VAULT_AND_KEY, ...IDENTITY, ...cmkAccount([]) } } }),
    address: ACCOUNT,
    status: "unknown",
    message: ["no role assignment for it on azurerm_key_vault.vault is in the input"],
  },
  {
    rule: "FHI-PF-ORDER-001",
    name: "a plain *.tf.json that waits with depends_on (not read without stacks): unknown, not a false failure",
    input: () => writeTerraformJson({ ...VAULT_AND_KEY, ...IDENTITY, ...cryptoGrant(), ...PROPAGATION_WAIT, ...cmkAccount(["time_sleep.crypto_propagated"]) }),
    address: ACCOUNT,
    status: "unknown",
    message: ["granted by azurerm_role_assignment.data_crypto", "known from a cdktf.out directory only"],
  },
  {
    rule: "FHI-PF-ORDER-001",
    name: "a plain *.tf.json whose account refers to the time_sleep in an attribute (was a TypeError)",
    input: () => {
      const account = cmkAccount([])[ACCOUNT] as Record<string, unknown>;
      return writeTerraformJson({ ...VAULT_AND_KEY, ...IDENTITY, ...cryptoGrant(), ...PROPAGATION_WAIT, [ACCOUNT]: { ...account, tags: { waited: "${time_sleep.crypto_propagated.id}" } } });
    },
    address: ACCOUNT,
    status: "unknown",
  },
  {
    rule: "FHI-PF-ORDER-001",
    name: "an account that uses no identity at creation",
    input: () => writeDeployment({ [PLATFORM]: { resource: { [ACCOUNT]: { name: "stdata" } } } }),
    address: ACCOUNT,
    status: "pass",
    message: ["uses no identity-based access"],
  },
];

const CONTAINER_APPS: Resources = {
  "azurerm_container_app_environment.runners": { name: "cae-runners", location: "eastus2", resource_group_name: "rg" },
};

const registrationCases: PreflightCase[] = [
  {
    rule: "FHI-PF-ORDER-002",
    name: "a Container Apps environment in a stack whose azurerm provider does not register Microsoft.App",
    input: () => writeDeployment({ [BOOTSTRAP]: { provider: { azurerm: { features: [{}], resource_providers_to_register: ["Microsoft.KubernetesConfiguration"] } }, resource: CONTAINER_APPS } }),
    address: "azurerm_container_app_environment.runners",
    status: "fail",
    message: [`Microsoft.App is not registered: stack ${BOOTSTRAP}'s azurerm provider neither lists it in resource_providers_to_register nor includes it in its "legacy" set`],
  },
  {
    rule: "FHI-PF-ORDER-002",
    name: "a cluster extension with the provider's default registrations (Microsoft.KubernetesConfiguration is in no set)",
    input: () =>
      writeDeployment({
        [INFERENCE]: { provider: { azurerm: { features: [{}], resource_provider_registrations: "all" } }, resource: { "azurerm_kubernetes_cluster_extension.flux": { name: "flux", cluster_id: "/subscriptions/x", extension_type: "microsoft.flux" } } },
      }),
    address: "azurerm_kubernetes_cluster_extension.flux",
    status: "fail",
    message: ['Microsoft.KubernetesConfiguration is not registered', 'its "all" set'],
  },
  {
    rule: "FHI-PF-ORDER-002",
    name: "the environment with Microsoft.App in resource_providers_to_register",
    input: () => writeDeployment({ [BOOTSTRAP]: { provider: { azurerm: { features: [{}], resource_providers_to_register: ["Microsoft.App"] } }, resource: CONTAINER_APPS } }),
    address: "azurerm_container_app_environment.runners",
    status: "pass",
    message: ["Microsoft.App is registered by the stack's provider"],
  },
  {
    rule: "FHI-PF-ORDER-002",
    name: "GitHub network settings under the \"all\" registration set",
    input: () =>
      writeDeployment({
        [BOOTSTRAP]: {
          provider: { azurerm: { features: [{}], resource_provider_registrations: "all" } },
          resource: { "azapi_resource.runner_settings": { type: "GitHub.Network/networkSettings@2024-04-02", name: "runners", body: { properties: { businessId: "1", subnetId: "/subscriptions/x" } } } },
        },
      }),
    address: "azapi_resource.runner_settings",
    status: "pass",
    message: ['in azurerm\'s "all" registration set'],
  },
  {
    rule: "FHI-PF-ORDER-002",
    name: "a plain *.tf.json (no provider configuration to read)",
    input: () => writeTerraformJson(CONTAINER_APPS),
    address: "azurerm_container_app_environment.runners",
    status: "unknown",
    message: ["needs Microsoft.App registered"],
  },
];

const FEATURE_ID = "/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Features/providers/Microsoft.Compute/features/EncryptionAtHost";
const REGISTRATION: Resources = {
  "azapi_resource_action.encryption_at_host": { type: "Microsoft.Features/providers/features@2021-07-01", resource_id: FEATURE_ID, action: "register", method: "POST" },
};
const GUARD: Resources = {
  "azapi_resource.encryption_at_host": { type: "Microsoft.Features/providers/features@2021-07-01", resource_id: FEATURE_ID, response_export_values: ["properties.state"] },
};
const POOL = "azurerm_kubernetes_cluster_node_pool.gpu";

function hostEncryptedPool(dependsOn: readonly string[] = []): Resources {
  return { [POOL]: { name: "gpu", kubernetes_cluster_id: "/subscriptions/x/aks", vm_size: "Standard_NC24ads_A100_v4", host_encryption_enabled: true, depends_on: dependsOn } };
}

/** The bootstrap with `bootstrap` (local state), and the inference stack with `inference` and `guard` as data sources. */
function encryptionDeployment(bootstrap: Resources, inference: Resources, guard: Resources = {}): string {
  return writeDeployment({
    [BOOTSTRAP]: { backend: LOCAL_BACKEND, resource: { "azurerm_resource_group.deploy": { name: "rg-deploy", location: "eastus2" }, ...bootstrap } },
    [INFERENCE]: { dependencies: [BOOTSTRAP], resource: inference, data: guard },
  });
}

const featureCases: PreflightCase[] = [
  {
    rule: "FHI-PF-ORDER-003",
    name: "a host-encrypted node pool with no registration of Microsoft.Compute/EncryptionAtHost anywhere (finding 5)",
    input: () => encryptionDeployment({}, hostEncryptedPool()),
    address: POOL,
    status: "fail",
    message: ["host encryption is on, and no earlier stack registers Microsoft.Compute/EncryptionAtHost; nothing in its stack checks the feature's state before it is created"],
  },
  {
    rule: "FHI-PF-ORDER-003",
    name: "the registration in the same stack as the pool (registration takes minutes)",
    input: () => encryptionDeployment({}, { ...REGISTRATION, ...hostEncryptedPool(["data.azapi_resource.encryption_at_host"]) }, GUARD),
    address: POOL,
    status: "fail",
    message: ["no earlier stack registers Microsoft.Compute/EncryptionAtHost"],
  },
  {
    rule: "FHI-PF-ORDER-003",
    name: "registered by the bootstrap, but nothing checks the state before the pool",
    input: () => encryptionDeployment(REGISTRATION, hostEncryptedPool(), GUARD),
    address: POOL,
    status: "fail",
    message: ["host encryption is on, and nothing in its stack checks the feature's state before it is created"],
  },
  {
    rule: "FHI-PF-ORDER-003",
    name: "registered by the bootstrap and checked by a data source the pool depends on",
    input: () => encryptionDeployment(REGISTRATION, hostEncryptedPool(["data.azapi_resource.encryption_at_host"]), GUARD),
    address: POOL,
    status: "pass",
    message: ["registered by an earlier stack and checked before creation"],
  },
  {
    rule: "FHI-PF-ORDER-003",
    name: "a plain *.tf.json (no deploy order)",
    input: () => writeTerraformJson(hostEncryptedPool()),
    address: POOL,
    status: "unknown",
  },
];

const KEY = "azapi_resource.cmk";
const ARM_KEY: Resources = { [KEY]: VAULT_AND_KEY["azapi_resource.cmk"] };

const keyCases: PreflightCase[] = [
  {
    rule: "FHI-PF-ORDER-004",
    name: "a plan that updates an ARM key (Resource Manager ignores it)",
    input: () => writePlan(ARM_KEY, ["update"]),
    address: KEY,
    status: "fail",
    message: [`the plan updates ${KEY}; Resource Manager ignores updates to an existing key`],
  },
  {
    rule: "FHI-PF-ORDER-004",
    name: "a plan that destroys an ARM key (the type has no DELETE)",
    input: () => writePlan(ARM_KEY, ["delete"]),
    address: KEY,
    status: "fail",
    message: [`the plan destroys ${KEY}; Resource Manager cannot delete a key`],
  },
  {
    rule: "FHI-PF-ORDER-004",
    name: "a plan that replaces an ARM key",
    input: () => writePlan(ARM_KEY, ["delete", "create"]),
    address: KEY,
    status: "fail",
    message: [`the plan replaces ${KEY}`],
  },
  {
    rule: "FHI-PF-ORDER-004",
    name: "a plan that creates it",
    input: () => writePlan(ARM_KEY, ["create"]),
    address: KEY,
    status: "pass",
    message: ["planned: create"],
  },
  {
    rule: "FHI-PF-ORDER-004",
    name: "configuration (created once, never changed)",
    input: () => writeTerraformJson(ARM_KEY),
    address: KEY,
    status: "pass",
  },
];

const CASES = [...grantCases, ...registrationCases, ...featureCases, ...keyCases];

describe("preflight: ordering and registrations", () => {
  testCases(CASES, ["ordering"]);
});
