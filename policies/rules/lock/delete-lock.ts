import { oneOf } from "../../engine/checks";
import { defineRule, fail, pass } from "../../engine/rule";
import { valueAt } from "../../model/value";
import { AZURERM_2_TO_4 } from "../common/generations";

/** Lock levels that stop a delete: CanNotDelete, and ReadOnly, which also stops changes. */
const DELETE_LOCKS = ["CanNotDelete", "ReadOnly"];

export const statefulDeleteLock = defineRule({
  id: "FHI-LOCK-001",
  title: "Stateful resources (vaults, registries, storage, ML workspaces, log workspaces) have a delete lock",
  severity: "warning",
  service: "lock",
  resourceTypes: ["azurerm_key_vault", "azurerm_container_registry", "azurerm_storage_account", "azurerm_machine_learning_workspace", "azurerm_log_analytics_workspace"],
  generations: AZURERM_2_TO_4,
  rationale:
    "Keys, images, Terraform state, model artifacts and audit logs do not come back with a re-apply: a delete lock makes their removal a reviewed change instead of a side effect of a plan. Only a lock on the resource itself counts: a resource-group lock sits two references away, where a review of the resource does not see it removed.",
  remediation: 'Add an azurerm_management_lock with scope = the resource\'s id and lock_level = "CanNotDelete" (our constructs: the lock property).',
  references: { hipaa: ["164.308(a)(7)(ii)(A)", "164.312(c)(1)"] },
  check: (resource, model) => {
    const locks = model.referrers(resource, { types: ["azurerm_management_lock"], path: "scope" }).map((referrer) => referrer.resource);
    const deleteLocks = locks.filter((lock) => oneOf(...DELETE_LOCKS)(valueAt(lock.values, "lock_level") ?? null));
    if (deleteLocks.length > 0) return pass(`locked by ${deleteLocks.map((lock) => lock.address).join(", ")}`);
    return fail(locks.length > 0 ? `${locks.map((lock) => lock.address).join(", ")} do(es) not stop a delete (lock_level)` : "no azurerm_management_lock in the input has the resource as its scope");
  },
});
