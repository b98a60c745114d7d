import { forceNewPaths } from "../../review/replacement/force-new";
import { statefulLoss } from "../../review/replacement/stateful";

const changed = (path: string, before: unknown, after: unknown) => [{ path, before, after }];

test("node pool VM size and taints force a new pool", () => {
  expect(forceNewPaths("azurerm_kubernetes_cluster_node_pool", changed("vm_size", "Standard_NC24ads_A100_v4", "Standard_NC40ads_H100_v5"))).toEqual(["vm_size"]);
  expect(forceNewPaths("azurerm_kubernetes_cluster_node_pool", changed("node_taints", ["a=b:NoSchedule"], []))).toEqual(["node_taints"]);
  expect(forceNewPaths("azurerm_kubernetes_cluster_node_pool", changed("max_count", 2, 4))).toEqual([]);
});

test("with temporary_name_for_rotation the provider rotates the pool for a VM size change, but not for taints", () => {
  const after = { temporary_name_for_rotation: "gputmp" };
  expect(forceNewPaths("azurerm_kubernetes_cluster_node_pool", changed("vm_size", "a", "b"), after)).toEqual([]);
  expect(forceNewPaths("azurerm_kubernetes_cluster_node_pool", changed("node_taints", ["a"], ["b"]), after)).toEqual(["node_taints"]);
});

test("nested force-new attributes match below their entry; unknown azurerm types fall back to name/location/resource group", () => {
  expect(forceNewPaths("azurerm_machine_learning_workspace", changed("encryption.key_id", "k1", "k2"))).toEqual(["encryption.key_id"]);
  expect(forceNewPaths("azurerm_machine_learning_workspace", changed("high_business_impact", true, false))).toEqual(["high_business_impact"]);
  expect(forceNewPaths("azurerm_some_future_type", changed("location", "eastus2", "swedencentral"))).toEqual(["location"]);
  expect(forceNewPaths("azurerm_some_future_type", changed("sku", "a", "b"))).toEqual([]);
});

test("azapi: a new API version is an update, another resource type is a replacement", () => {
  const type = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints";
  expect(forceNewPaths("azapi_resource", changed("type", `${type}@2022-10-01`, `${type}@2024-04-01`))).toEqual([]);
  expect(forceNewPaths("azapi_resource", changed("type", `${type}@2022-10-01`, `${type}/deployments@2022-10-01`))).toEqual(["type"]);
});

test("stateful resources name what is lost; state storage is recognised in bootstrap stacks", () => {
  expect(statefulLoss("azurerm_key_vault", "dev-eastus2-platform", {})).toMatch(/keys, secrets/);
  expect(statefulLoss("azurerm_storage_account", "prod-bootstrap", {})).toMatch(/Terraform state/);
  expect(statefulLoss("azurerm_storage_container", "prod-eastus2-network", { name: "tfstate" })).toMatch(/Terraform state/);
  expect(statefulLoss("azurerm_network_security_rule", "dev-eastus2-network", {})).toBeUndefined();
});

describe("the stateful-loss sentence reads as English for every stateful type (was: 'a key: data encrypted with it becomes unreadable would be lost')", () => {
  const { scrutinize } = jest.requireActual("../../review/scrutiny/scrutinize") as typeof import("../../review/scrutiny/scrutinize");
  const { change } = jest.requireActual("./helpers") as typeof import("./helpers");
  const types = ["azurerm_key_vault", "azurerm_key_vault_key", "azurerm_storage_account", "azurerm_storage_container", "azurerm_container_registry", "azurerm_machine_learning_workspace", "azurerm_kubernetes_cluster", "azurerm_log_analytics_workspace", "azurerm_application_insights", "azurerm_disk_encryption_set", "azurerm_managed_disk"];

  test.each(types)("%s", (type) => {
    const loss = statefulLoss(type, "prod-eastus2-platform", {})!;
    expect(loss).toMatch(/^(its|the) /); // the object of "loses ..."
    const replaced = { ...change(type, {}, {}, "replace"), statefulLoss: loss };
    scrutinize([replaced], []);
    expect(replaced.security).toEqual([{ kind: "notable", reason: `replacing this stateful resource loses ${loss}`, rule: "stateful-resource" }]);
  });

  test("a key", () => {
    expect(statefulLoss("azurerm_key_vault_key", "prod-eastus2-platform", {})).toBe("the key, and with it every piece of data encrypted with it (unreadable from then on)");
  });
});
