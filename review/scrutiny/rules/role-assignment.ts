import type { Value, ValueObject } from "../../../policies/model";
import type { ResourceChange } from "../../model";
import { showValue } from "../../values";
import type { Assessment, ScrutinyRule } from "../rule";

/** Built-in roles that can change anything or grant access to anyone: marked PRIVILEGED. */
const PRIVILEGED: Readonly<Record<string, string>> = {
  "8e3af657-a8ff-443c-a75c-2fe8c4bcb635": "Owner",
  "b24988ac-6180-42a0-ab88-20f7382dd24c": "Contributor",
  "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9": "User Access Administrator",
  "f58310d9-a9f6-439a-9e8d-f62e7b41a168": "Role Based Access Control Administrator",
};
const PRIVILEGED_NAMES = new Set(Object.values(PRIVILEGED).map((name) => name.toLowerCase()));

function roleOf(values: ValueObject): { role: string; privileged: boolean } {
  const name = values.role_definition_name;
  if (typeof name === "string") return { role: name, privileged: PRIVILEGED_NAMES.has(name.toLowerCase()) };
  const id: Value | undefined = values.role_definition_id;
  const guid = typeof id === "string" ? id.split("/").pop()!.toLowerCase() : undefined;
  const known = guid === undefined ? undefined : PRIVILEGED[guid];
  return { role: known ?? showValue(id), privileged: known !== undefined };
}

function describe(values: ValueObject): string {
  const { role, privileged } = roleOf(values);
  return `${privileged ? "PRIVILEGED " : ""}role "${role}" for ${showValue(values.principal_id, 90)} on ${showValue(values.scope, 110)}`;
}

/** Every role assignment added (or changed, which re-creates it) grants access: broadening. Removing one narrows. */
export const roleAssignment: ScrutinyRule = {
  id: "role-assignment",
  title: "Role assignments",
  resourceTypes: ["azurerm_role_assignment"],
  assess(change: ResourceChange): Assessment[] {
    if (change.after === null) return change.before === null ? [] : [{ kind: "narrowing", reason: `${describe(change.before)} removed` }];
    if (change.before === null) return [{ kind: "broadening", reason: `${describe(change.after)} granted` }];
    if (change.action !== "replace") return [];
    return [{ kind: "broadening", reason: `${describe(change.after)} granted (was ${describe(change.before)})` }];
  },
};
