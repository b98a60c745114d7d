import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runReview } from "../../review";
import { planChanges, planModels, readPlan } from "../../review/plan";
import { packEvaluator, planScope, policyDelta } from "../../review/policy-delta";
import { FIXTURES } from "./helpers";

/**
 * `fhi review --plan` evaluates the policy pack only on changed resources and their neighbours: the findings of
 * every other resource are the same before and after. These tests hold it to the full evaluation.
 */

const vault = { name: "kv-fhi", location: "eastus2", resource_group_name: "rg", sku_name: "premium", purge_protection_enabled: true, public_network_access_enabled: false, rbac_authorization_enabled: true };
const endpoint = { name: "pe-kv", location: "eastus2", resource_group_name: "rg", subnet_id: "/subscriptions/s/subnets/pe", private_service_connection: [{ name: "kv", private_connection_resource_id: "/subscriptions/s/vaults/kv-fhi", subresource_names: ["vault"], is_manual_connection: false }] };
const otherVault = { ...vault, name: "kv-other", public_network_access_enabled: true };

const noOp = (address: string, values: object) => ({ address, mode: "managed", type: address.split(".")[0], name: address.split(".")[1], change: { actions: ["no-op"], before: values, after: values, after_unknown: {} } });

/** A vault left alone, its private endpoint created or destroyed, and an unrelated vault that fails and does not change. */
function plan(endpointAction: "create" | "delete"): object {
  const endpointChange =
    endpointAction === "create"
      ? { actions: ["create"], before: null, after: endpoint, after_unknown: { id: true } }
      : { actions: ["delete"], before: endpoint, after: null, after_unknown: {} };
  return {
    format_version: "1.2",
    terraform_version: "1.9.8",
    resource_changes: [
      noOp("azurerm_key_vault.main", vault),
      noOp("azurerm_key_vault.other", otherVault),
      { address: "azurerm_private_endpoint.kv", mode: "managed", type: "azurerm_private_endpoint", name: "kv", change: endpointChange },
    ],
    configuration: {
      root_module: {
        resources: [
          {
            address: "azurerm_private_endpoint.kv",
            mode: "managed",
            type: "azurerm_private_endpoint",
            name: "kv",
            expressions: { private_service_connection: [{ private_connection_resource_id: { references: ["azurerm_key_vault.main.id", "azurerm_key_vault.main"] } }] },
          },
        ],
      },
    },
  };
}

/** The unrelated vault updated: with the values it has (an update Terraform plans for a computed attribute), or opened to the internet. */
function updatePlan(opened: boolean): object {
  const closed = { ...otherVault, public_network_access_enabled: false };
  const update = { address: "azurerm_key_vault.other", mode: "managed", type: "azurerm_key_vault", name: "other", change: { actions: ["update"], before: closed, after: opened ? otherVault : closed, after_unknown: {} } };
  return { format_version: "1.2", terraform_version: "1.9.8", resource_changes: [noOp("azurerm_key_vault.main", vault), update] };
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-plan-scope-"));
  for (const action of ["create", "delete"] as const) fs.writeFileSync(path.join(dir, `${action}.plan.json`), JSON.stringify(plan(action)));
  fs.writeFileSync(path.join(dir, "same-values.plan.json"), JSON.stringify(updatePlan(false)));
  fs.writeFileSync(path.join(dir, "changed-values.plan.json"), JSON.stringify(updatePlan(true)));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const ids = (findings: readonly { ruleId: string; address: string }[], ruleId: string) => findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.address);

test("a private endpoint created for an unchanged vault resolves the vault's finding; the unrelated vault is not evaluated", async () => {
  const file = path.join(dir, "create.plan.json");
  const review = await runReview({ source: { kind: "plan", file } });
  expect(ids(review.policy.resolved, "FHI-KV-006")).toEqual(["azurerm_key_vault.main"]);
  const { before, after, changed } = planModels(readPlan(file));
  const scope = planScope(before, after, changed);
  expect(after.resources.filter(scope).map((resource) => resource.address).sort()).toEqual(["azurerm_key_vault.main", "azurerm_private_endpoint.kv"]);
});

test("a private endpoint destroyed introduces the unchanged vault's finding", async () => {
  const review = await runReview({ source: { kind: "plan", file: path.join(dir, "delete.plan.json") } });
  expect(ids(review.policy.introduced, "FHI-KV-006")).toEqual(["azurerm_key_vault.main"]);
  expect(review.policy.resolved).toEqual([]);
});

test("an update that leaves every value as it was is not evaluated; one that changes a value is", async () => {
  const scoped = (name: string) => {
    const { before, after, changed } = planModels(readPlan(path.join(dir, name)));
    const scope = planScope(before, after, changed);
    return after.resources.filter(scope).map((resource) => resource.address);
  };
  expect(scoped("same-values.plan.json")).toEqual([]);
  expect(scoped("changed-values.plan.json")).toEqual(["azurerm_key_vault.other"]);
  const review = await runReview({ source: { kind: "plan", file: path.join(dir, "changed-values.plan.json") } });
  expect(review.policy.introduced.map((finding) => finding.address)).toContain("azurerm_key_vault.other");
});

test.each([
  ["update with the same values", () => path.join(dir, "same-values.plan.json")],
  ["update with other values", () => path.join(dir, "changed-values.plan.json")],
  ["review/plan/mixed.plan.json", () => path.join(FIXTURES, "plan", "mixed.plan.json")],
  ["policies/plan.json", () => path.join(FIXTURES, "..", "policies", "plan.json")],
  ["endpoint created", () => path.join(dir, "create.plan.json")],
  ["endpoint destroyed", () => path.join(dir, "delete.plan.json")],
])("the scoped delta equals the delta over every resource: %s", (_name, file) => {
  const plan = readPlan(file());
  const { before, after, changed } = planModels(plan);
  const { changes } = planChanges(plan);
  const full = policyDelta(before, after, changes, packEvaluator);
  expect(policyDelta(before, after, changes, packEvaluator, undefined, planScope(before, after, changed))).toEqual(full);
});
