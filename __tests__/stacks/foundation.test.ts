import { TerraformStack } from "cdktf";
import { isTaggable, MANAGED_BY } from "../../stacks/tagging";
import { NAME_RULES } from "../../environments/schema/naming";
import { ENVIRONMENTS } from "../../environments";
import { synthesizedEstateForThisFile } from "../support/synthesized";

const synthesized = synthesizedEstateForThisFile();

test("every environment synthesizes network, platform and inference stacks in each of its regions", () => {
  const names = synthesized.estate.stacks.map((stack) => stack.stack);
  for (const [name, env] of Object.entries(ENVIRONMENTS)) {
    for (const region of env.regions) {
      for (const part of ["network", "platform", "inference"]) expect(names).toContain(`${name}-${region.location}-${part}`);
    }
  }
});

test("every remote-state stack keeps its state in its environment's account, with Entra ID auth and its own key", () => {
  const keys = new Set<string>();
  for (const stack of synthesized.estate.stacks) {
    const backend = stack.json.terraform.backend;
    if (backend?.local) continue; // the bootstrap stack creates the account that the others use
    const env = ENVIRONMENTS[stack.environment];
    expect(backend?.azurerm).toMatchObject({
      storage_account_name: env.stateBackend.storageAccountName,
      resource_group_name: env.stateBackend.resourceGroupName,
      use_azuread_auth: true,
      key: `${stack.stack}.tfstate`,
    });
    expect(backend?.azurerm).not.toHaveProperty("access_key");
    expect(backend?.azurerm).not.toHaveProperty("sas_token");
    keys.add(String(backend?.azurerm.key));
  }
  expect(keys.size).toBe(synthesized.estate.stacks.filter((stack) => !stack.json.terraform.backend?.local).length);
});

test("every stack configures azurerm for its environment's subscription, with features and Entra ID storage auth", () => {
  for (const stack of synthesized.estate.stacks) {
    const [provider] = stack.json.provider?.azurerm ?? [];
    expect(provider).toMatchObject({
      // Private accounts: the storage data plane is never polled (storage_account_resource.go, data_plane_available).
      features: [{ storage: [{ data_plane_available: false }] }],
      subscription_id: ENVIRONMENTS[stack.environment].subscriptionId,
      tenant_id: ENVIRONMENTS[stack.environment].tenantId,
      storage_use_azuread: true,
    });
  }
});

test("every taggable resource carries the environment's tags", () => {
  // Per resource, not per type: an azapi_resource is taggable only when its ARM type is a tracked resource.
  const taggable = new Set(
    synthesized.estate.app.node.findAll().filter(isTaggable).map((resource) => `${TerraformStack.of(resource).node.id}/${resource.terraformResourceType}/${resource.friendlyUniqueId}`),
  );
  expect([...taggable].some((key) => key.includes("/azurerm_resource_group/"))).toBe(true);
  const untagged = synthesized.resources
    .filter(([stack, type, name]) => taggable.has(`${stack}/${type}/${name}`))
    .filter(([stack, , , block]) => {
      const env = ENVIRONMENTS[stack.split("-")[0]];
      const tags = block.tags as Record<string, string> | undefined;
      return !(
        tags &&
        tags.environment === env.name &&
        tags["managed-by"] === MANAGED_BY &&
        tags.owner === env.tags.owner &&
        tags["cost-center"] === env.tags.costCenter &&
        tags["data-classification"] === env.tags.dataClassification
      );
    })
    .map(([stack, type, name]) => `${stack}: ${type}.${name}`);
  expect(untagged).toEqual([]);
});

const NAME_RULE_BY_TYPE: Record<string, RegExp> = {
  azurerm_key_vault: NAME_RULES.keyVault.pattern,
  azurerm_storage_account: NAME_RULES.storageAccount.pattern,
  azurerm_container_registry: NAME_RULES.containerRegistry.pattern,
  azurerm_kubernetes_cluster: NAME_RULES.aksCluster.pattern,
  azurerm_machine_learning_workspace: NAME_RULES.mlWorkspace.pattern,
  azurerm_resource_group: /^[-\w.()]{1,89}[-\w()]$/,
};

test("resource names obey Azure's naming rules and the CAF prefixes", () => {
  const checked = synthesized.resources.filter(([, type]) => type in NAME_RULE_BY_TYPE);
  expect(checked.length).toBeGreaterThan(0);
  for (const [stack, type, name, block] of checked) {
    expect({ resource: `${stack}: ${type}.${name}`, valid: NAME_RULE_BY_TYPE[type].test(String(block.name)) }).toEqual({
      resource: `${stack}: ${type}.${name}`,
      valid: true,
    });
  }
  const groups = synthesized.resources.filter(([, type]) => type === "azurerm_resource_group");
  for (const [, , , block] of groups) expect(String(block.name)).toMatch(/^rg-/);
});
