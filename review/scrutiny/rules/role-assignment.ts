import type { Value, ValueObject } from "../../../policies/model";
import { PRIVILEGED_BUILT_IN_ROLES } from "../../../policies/rules/common/roles";
import type { ResourceChange } from "../../model";
import { showValue } from "../../values";
import type { Assessment, ScrutinyRule } from "../rule";

/** Built-in roles that can change anything or grant access to anyone (the policy pack's FHI-IAM-001 table): marked PRIVILEGED. */
const PRIVILEGED_NAMES = new Set([...PRIVILEGED_BUILT_IN_ROLES.values()].map((name) => name.toLowerCase()));

function roleOf(values: ValueObject): { role: string; privileged: boolean } {
  const name = values.role_definition_name;
  if (typeof name === "string") return { role: name, privileged: PRIVILEGED_NAMES.has(name.toLowerCase()) };
  const id: Value | undefined = values.role_definition_id;
  const guid = typeof id === "string" ? id.split("/").pop()!.toLowerCase() : undefined;
  const known = guid === undefined ? undefined : PRIVILEGED_BUILT_IN_ROLES.get(guid);
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
