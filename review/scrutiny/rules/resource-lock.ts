import type { ValueObject } from "../../../policies/model";
import type { ResourceChange } from "../../model";
import { showValue } from "../../values";
import type { Assessment, ScrutinyRule } from "../rule";

/** Lock levels from the most to the least protective; no lock at all protects nothing. */
const LEVELS = ["ReadOnly", "CanNotDelete"];
const protection = (values: ValueObject | null) => (values === null ? LEVELS.length : LEVELS.indexOf(String(values.lock_level)));

const text = (value: ValueObject[string] | undefined) => (typeof value === "string" ? value : showValue(value));
const describe = (values: ValueObject) => `${text(values.lock_level)} lock ${text(values.name)} on ${showValue(values.scope, 110)}`;

/**
 * A management lock keeps a stateful resource from being deleted (CanNotDelete) or changed (ReadOnly), by
 * Terraform or by hand. Removing one, or weakening it, is what makes a later destroy possible: broadening.
 * https://learn.microsoft.com/azure/azure-resource-manager/management/lock-resources
 */
export const resourceLock: ScrutinyRule = {
  id: "resource-lock",
  title: "Management locks (delete and read-only locks)",
  resourceTypes: ["azurerm_management_lock"],
  assess(change: ResourceChange): Assessment[] {
    const before = protection(change.before);
    const after = protection(change.after);
    if (change.after === null && change.before !== null) return [{ kind: "broadening", reason: `${describe(change.before)} removed: the locked resource can be deleted again, by Terraform or by anyone with write access` }];
    if (change.before === null && change.after !== null) return [{ kind: "narrowing", reason: `${describe(change.after)} added` }];
    if (change.before === null || change.after === null || before === after || before < 0 || after < 0) return [];
    const what = `lock_level ${text(change.before.lock_level)} -> ${text(change.after.lock_level)} on ${showValue(change.after.scope, 110)}`;
    return [{ kind: after > before ? "broadening" : "narrowing", reason: what }];
  },
};
