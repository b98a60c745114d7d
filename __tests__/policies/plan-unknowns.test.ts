import { readPlanJson } from "../../policies/adapters";
import { isUnknown, type ValueObject } from "../../policies/model";

/** `after_unknown` overlaid on `after` without copying what it leaves alone (policies/adapters/plan-json.ts). */
function planned(after: unknown, afterUnknown: unknown): ValueObject {
  const plan = { format_version: "1.2", resource_changes: [{ address: "azurerm_key_vault.kv", type: "azurerm_key_vault", change: { actions: ["update"], before: after, after, after_unknown: afterUnknown } }] };
  return readPlanJson(plan, "plan.json")[0].values;
}

test("attributes marked unknown become Unknown, named ones the plan lacks become null, the rest stay as planned", () => {
  const after = { name: "kv", network_acls: [{ default_action: "Deny", ip_rules: ["10.0.0.0/8", "10.1.0.0/16"] }], tags: { owner: "team" } };
  const values = planned(after, { id: true, network_acls: [{ ip_rules: [false, true] }], sku_name: false });
  expect(isUnknown(values.id)).toBe(true);
  expect(values.sku_name).toBeNull();
  const acls = values.network_acls as readonly ValueObject[];
  expect(acls[0].default_action).toBe("Deny");
  expect((acls[0].ip_rules as readonly unknown[])[0]).toBe("10.0.0.0/8");
  expect(isUnknown((acls[0].ip_rules as readonly unknown[])[1])).toBe(true);
  // What the overlay does not touch is the planned value itself, not a copy, and the plan is left as it was.
  expect(values.tags).toBe(after.tags);
  expect(after.network_acls[0].ip_rules).toEqual(["10.0.0.0/8", "10.1.0.0/16"]);
  expect(Object.keys(values)).toEqual(["name", "network_acls", "tags", "id", "sku_name"]);
});

test("a plan with nothing unknown is read as it is", () => {
  const after = { name: "kv", tags: { owner: "team" } };
  expect(planned(after, {})).toBe(after);
});

test("the line of a resource in a one-line plan is 1, in a reformatted plan the line of its address", () => {
  const plan = { format_version: "1.2", resource_changes: [{ address: "azurerm_key_vault.kv", type: "azurerm_key_vault", change: { actions: ["create"], before: null, after: {}, after_unknown: {} } }] };
  expect(readPlanJson(plan, "plan.json", JSON.stringify(plan))[0].source.line).toBe(1);
  const pretty = JSON.stringify(plan, null, 2);
  const line = pretty.split("\n").findIndex((text) => text.includes('"address": "azurerm_key_vault.kv"')) + 1;
  expect(readPlanJson(plan, "plan.json", pretty)[0].source.line).toBe(line);
});
