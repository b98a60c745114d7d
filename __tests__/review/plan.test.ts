import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runReview, type Review } from "../../review";
import { FIXTURES, fhi } from "./helpers";

const PLAN = path.join(FIXTURES, "plan", "mixed.plan.json");

let review: Review;
beforeAll(async () => {
  review = await runReview({ source: { kind: "plan", file: PLAN } });
});

const find = (address: string) => review.changes.find((change) => change.address === address);

test("plan actions become create/update/replace/destroy; no-op and data reads are not changes", () => {
  expect(review.changes.map((change) => [change.address, change.action])).toEqual([
    ["azurerm_storage_account.flowlogs", "destroy"],
    ["azurerm_kubernetes_cluster_node_pool.gpu", "replace"],
    ["azurerm_machine_learning_workspace.mlw", "replace"],
    ["azurerm_role_assignment.ci", "create"],
    ["azapi_resource.endpoint", "update"],
    ["azurerm_key_vault.main", "update"],
    ["azurerm_network_security_group.app", "update"],
  ]);
  expect(review.summary).toMatchObject({ create: 1, update: 3, replace: 2, destroy: 1, unchanged: 1 });
});

test("replacement comes from the plan's replace_paths, including ones (create-before-destroy) the table would not know", () => {
  const pool = find("azurerm_kubernetes_cluster_node_pool.gpu")!;
  expect(pool.replacedBecause).toEqual(["vm_size"]);
  expect(pool.attributes).toContainEqual({ path: "vm_size", before: "Standard_NC24ads_A100_v4", after: "Standard_NC40ads_H100_v5", forcesReplacement: true });
  expect(find("azurerm_machine_learning_workspace.mlw")).toMatchObject({ replacedBecause: ["high_business_impact"], statefulLoss: expect.stringMatching(/models/) });
  expect(find("azurerm_storage_account.flowlogs")!.statefulLoss).toMatch(/blobs/);
});

test("values known only after apply are shown as such, never as a change to a known value", () => {
  const pool = find("azurerm_kubernetes_cluster_node_pool.gpu")!;
  const id = pool.attributes.find((attribute) => attribute.path === "id")!;
  expect(id.before).toBe("/subscriptions/s/pools/gpua100");
  expect(id.after).toMatchObject({ why: "known after apply" });
  // An NSG rule whose source becomes unknown cannot be judged: notable, not narrowing.
  expect(find("azurerm_network_security_group.app")!.security).toEqual([expect.objectContaining({ kind: "notable", rule: "nsg-rule", reason: expect.stringMatching(/known only after apply/) })]);
});

test("broadening in a plan: public access, auth mode, HBI removed, privileged role; policy delta from before/after values", () => {
  const broadening = review.changes.flatMap((change) => change.security.filter((note) => note.kind === "broadening").map((note) => `${change.address}:${note.rule}`));
  expect(broadening).toEqual([
    "azurerm_machine_learning_workspace.mlw:high-business-impact",
    "azurerm_role_assignment.ci:role-assignment",
    "azapi_resource.endpoint:endpoint-auth-mode",
    "azurerm_key_vault.main:public-network-access",
  ]);
  expect(review.policy.introduced.map((finding) => finding.ruleId)).toEqual(expect.arrayContaining(["FHI-KV-004", "FHI-EP-002"]));
  // The destroyed storage account's findings leave with it; they are not "resolved".
  expect(review.policy.resolved).toEqual([]);
});

test("CLI: --plan with --require-approval broadening exits 1; JSON shows unknowns as (known after apply)", async () => {
  const result = await fhi(["review", "--plan", PLAN, "--format", "json", "--require-approval", "broadening"]);
  expect(result.code).toBe(1);
  const json = JSON.parse(result.stdout) as { changes: { address: string; attributes: { path: string; after: unknown }[] }[]; broadening: boolean };
  expect(json.broadening).toBe(true);
  const pool = json.changes.find((change) => change.address === "azurerm_kubernetes_cluster_node_pool.gpu")!;
  expect(pool.attributes.find((attribute) => attribute.path === "id")!.after).toBe("(known after apply)");
});

test("CLI: a file that is not a plan, and --env with --plan, are input errors (exit 2)", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-review-plan-"));
  try {
    fs.writeFileSync(path.join(dir, "x.json"), JSON.stringify({ resource: {} }));
    const notPlan = await fhi(["review", "--plan", path.join(dir, "x.json")]);
    expect(notPlan.code).toBe(2);
    expect(notPlan.stderr).toMatch(/x\.json: not a Terraform plan/);
    const withEnv = await fhi(["review", "--plan", PLAN, "--env", "dev"]);
    expect(withEnv.code).toBe(2);
    expect(withEnv.stderr).toMatch(/--env selects synthesized stacks/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
