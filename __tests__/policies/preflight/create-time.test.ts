/**
 * Create-time constraints the plan does not show (FHI-PF-APIM-*, ACR-*): plain Terraform JSON and
 * `terraform show -json` plans, since these rules judge one resource and its neighbours (issue 12, finding 6).
 */
import { removeFixtures, testCases, writePlan, writeTerraformJson, type PreflightCase, type Resources } from "./helpers";

afterAll(removeFixtures);

const APIM = "azurerm_api_management.gateway";

function apim(attributes: Record<string, unknown>): Resources {
  return { [APIM]: { name: "apim-fhi", publisher_name: "Hospital", publisher_email: "api@hospital.example", sku_name: "StandardV2_1", ...attributes } };
}

const SIGN_UP = { enabled: true, terms_of_service: { enabled: true, consent_required: true } };

const apimCases: PreflightCase[] = [
  {
    rule: "FHI-PF-APIM-001",
    name: "a plan that creates the instance with public network access disabled (rejected at creation)",
    input: () => writePlan(apim({ public_network_access_enabled: false }), ["create"]),
    address: APIM,
    status: "fail",
    message: ["public_network_access_enabled = false on the apply that creates the instance"],
  },
  {
    rule: "FHI-PF-APIM-001",
    name: "configuration with a literal false (judged as the first apply)",
    input: () => writeTerraformJson(apim({ public_network_access_enabled: false })),
    address: APIM,
    status: "fail",
    message: ["public_network_access_enabled = false on the apply that creates the instance"],
  },
  {
    rule: "FHI-PF-APIM-001",
    name: "configuration reading it from ${var.creation_phase} (the deploy opens it for the create)",
    input: () => writeTerraformJson(apim({ public_network_access_enabled: "${var.creation_phase}" }), { variable: { creation_phase: { type: "bool", default: false } } }),
    address: APIM,
    status: "pass",
    message: ["set by a variable", "var.creation_phase"],
  },
  {
    rule: "FHI-PF-APIM-001",
    name: "a plan that updates an existing instance to close public access",
    input: () => writePlan(apim({ public_network_access_enabled: false }), ["update"]),
    address: APIM,
    status: "pass",
    message: ["the instance exists already"],
  },
  {
    rule: "FHI-PF-APIM-001",
    name: "a plan that creates it open",
    input: () => writePlan(apim({ public_network_access_enabled: true }), ["create"]),
    address: APIM,
    status: "pass",
  },
  {
    rule: "FHI-PF-APIM-001",
    name: "a value only known at apply time, not from a variable",
    input: () => writeTerraformJson({ ...apim({ public_network_access_enabled: "${azurerm_resource_group.main.name == \"x\"}" }), "azurerm_resource_group.main": { name: "rg", location: "eastus2" } }),
    address: APIM,
    status: "unknown",
  },
  {
    rule: "FHI-PF-APIM-002",
    name: "sign_up on StandardV2_1 (the provider errors after the create has run for minutes)",
    input: () => writeTerraformJson(apim({ sign_up: SIGN_UP })),
    address: APIM,
    status: "fail",
    message: ["sign_up set on StandardV2_1"],
  },
  {
    rule: "FHI-PF-APIM-002",
    name: "sign_in and tenant_access on Consumption, in a plan",
    input: () => writePlan(apim({ sku_name: "Consumption_0", sign_in: { enabled: true }, tenant_access: { enabled: false } })),
    address: APIM,
    status: "fail",
    message: ["sign_in, tenant_access set on Consumption_0"],
  },
  {
    rule: "FHI-PF-APIM-002",
    name: "sign_up on Premium_1",
    input: () => writeTerraformJson(apim({ sku_name: "Premium_1", sign_up: SIGN_UP })),
    address: APIM,
    status: "pass",
    message: ["Premium_1 accepts the portal blocks"],
  },
  {
    rule: "FHI-PF-APIM-002",
    name: "StandardV2_1 without portal blocks",
    input: () => writeTerraformJson(apim({})),
    address: APIM,
    status: "pass",
    message: ["no portal block on StandardV2_1"],
  },
  {
    rule: "FHI-PF-APIM-003",
    name: "client_certificate_enabled on Developer_1",
    input: () => writeTerraformJson(apim({ sku_name: "Developer_1", client_certificate_enabled: true })),
    address: APIM,
    status: "fail",
    message: ["client_certificate_enabled = true on Developer_1"],
  },
  {
    rule: "FHI-PF-APIM-003",
    name: "client_certificate_enabled on Consumption_0",
    input: () => writeTerraformJson(apim({ sku_name: "Consumption_0", client_certificate_enabled: true })),
    address: APIM,
    status: "pass",
    message: ["Consumption tier"],
  },
];

const REGISTRY = "azurerm_container_registry.acr";

function registry(attributes: Record<string, unknown>): Resources {
  return { [REGISTRY]: { name: "crfhi", resource_group_name: "rg", location: "eastus2", sku: "Premium", admin_enabled: false, ...attributes } };
}

const EXPORT_PIPELINE: Resources = {
  "azapi_resource.export": {
    type: "Microsoft.ContainerRegistry/registries/exportPipelines@2023-01-01-preview",
    name: "to-release",
    parent_id: `\${${REGISTRY}.id}`,
    body: { properties: { target: { type: "AzureStorageBlobContainer", uri: "https://strelease.blob.core.windows.net/transfer" } } },
  },
};

const registryCases: PreflightCase[] = [
  {
    rule: "FHI-PF-ACR-001",
    name: "private access and disabled export on a Standard registry",
    input: () => writeTerraformJson(registry({ sku: "Standard", public_network_access_enabled: false, export_policy_enabled: false })),
    address: REGISTRY,
    status: "fail",
    message: ["export_policy_enabled = false, public_network_access_enabled = false on a Standard registry"],
  },
  {
    rule: "FHI-PF-ACR-001",
    name: "geo-replication on a Basic registry",
    input: () => writeTerraformJson(registry({ sku: "Basic", georeplications: [{ location: "westus3" }] })),
    address: REGISTRY,
    status: "fail",
    message: ["georeplications on a Basic registry"],
  },
  {
    rule: "FHI-PF-ACR-001",
    name: "a customer-managed key on a Standard registry",
    input: () => writeTerraformJson(registry({ sku: "Standard", encryption: { key_vault_key_id: "https://kv-fhi.vault.azure.net/keys/cmk", identity_client_id: "00000000-0000-0000-0000-000000000002" } })),
    address: REGISTRY,
    status: "fail",
    message: ["encryption (customer-managed key) on a Standard registry"],
  },
  {
    rule: "FHI-PF-ACR-001",
    name: "retention of 0 days on a Basic registry (the provider refuses only more than 0)",
    input: () => writeTerraformJson(registry({ sku: "Basic", retention_policy_in_days: 0 })),
    address: REGISTRY,
    status: "pass",
    message: ["no Premium-only setting on Basic"],
  },
  {
    rule: "FHI-PF-ACR-001",
    name: "the same settings on Premium",
    input: () => writeTerraformJson(registry({ public_network_access_enabled: false, export_policy_enabled: false, georeplications: [{ location: "westus3" }] })),
    address: REGISTRY,
    status: "pass",
    message: ["Premium"],
  },
  {
    rule: "FHI-PF-ACR-002",
    name: "an ACR transfer export pipeline out of a registry with export disabled",
    input: () => writeTerraformJson({ ...registry({ public_network_access_enabled: false, export_policy_enabled: false }), ...EXPORT_PIPELINE }),
    address: "azapi_resource.export",
    status: "fail",
    message: [`${REGISTRY} has export_policy_enabled = false: nothing can be exported or transferred out of it`],
  },
  {
    rule: "FHI-PF-ACR-002",
    name: "an export pipeline out of a registry that allows export",
    input: () => writeTerraformJson({ ...registry({ export_policy_enabled: true }), ...EXPORT_PIPELINE }),
    address: "azapi_resource.export",
    status: "pass",
    message: [`${REGISTRY} allows export`],
  },
];

const CASES = [...apimCases, ...registryCases];

describe("preflight: create-time constraints", () => {
  testCases(CASES, ["api-management", "container-registry"]);
});
