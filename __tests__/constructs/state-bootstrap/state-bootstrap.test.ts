import { StateBootstrap, type StateBootstrapProps } from "../../../constructs/state-bootstrap/state-bootstrap";
import { ofType, ref, single, synthResources } from "../synth";

function bootstrap(overrides: Partial<StateBootstrapProps> = {}) {
  return synthResources((scope) => {
    new StateBootstrap(scope, "state", { location: "swedencentral", resourceGroupName: "rg-tfstate", storageAccountName: "sttfstate", containerName: "tfstate", ...overrides });
  });
}

test("the state account: Entra ID only, no public access, versioning and 90 days of soft delete, zone-redundant", () => {
  expect(single(bootstrap(), "azurerm_storage_account")).toMatchObject({
    name: "sttfstate",
    resource_group_name: expect.stringMatching(/^\$\{azurerm_resource_group\.[^.]+\.name\}$/),
    shared_access_key_enabled: false,
    public_network_access_enabled: false,
    account_replication_type: "ZRS",
    blob_properties: { versioning_enabled: true, delete_retention_policy: { days: 90 }, container_delete_retention_policy: { days: 90 } },
  });
});

test("the account is locked against deletion and the container is private", () => {
  const resources = bootstrap();
  const account = ofType(resources, "azurerm_storage_account")[0];
  expect(single(resources, "azurerm_management_lock")).toMatchObject({ scope: ref(account), lock_level: "CanNotDelete" });
  expect(single(resources, "azurerm_storage_container")).toMatchObject({ name: "tfstate", storage_account_id: ref(account), container_access_type: "private" });
});

test("opt-outs show: locally redundant, 30 days of soft delete, a read-only lock; Entra ID only stays", () => {
  const resources = bootstrap({ replication: "LRS", softDeleteDays: 30, lock: { level: "ReadOnly" } });
  expect(single(resources, "azurerm_storage_account")).toMatchObject({
    account_replication_type: "LRS",
    shared_access_key_enabled: false,
    blob_properties: { delete_retention_policy: { days: 30 }, container_delete_retention_policy: { days: 30 } },
  });
  expect(single(resources, "azurerm_management_lock").lock_level).toBe("ReadOnly");
});
