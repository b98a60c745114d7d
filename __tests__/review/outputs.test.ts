import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FIXTURES, fhi } from "./helpers";

const BEFORE = path.join(FIXTURES, "outputs", "before");
const AFTER = path.join(FIXTURES, "outputs", "after");

interface JsonReport {
  changes: { stack: string; address: string; previousAddress?: string; action: string; attributes: { path: string; before: unknown; after: unknown; forcesReplacement?: boolean }[]; statefulLoss?: string; security: { kind: string; reason: string; rule: string }[] }[];
  broadening: boolean;
  policy: { introduced: { ruleId: string; address: string }[]; resolved: unknown[] };
  summary: Record<string, number>;
  note: string;
}

let report: JsonReport;
beforeAll(async () => {
  const result = await fhi(["review", "--before", BEFORE, "--after", AFTER, "--format", "json"]);
  expect(result.code).toBe(0);
  report = JSON.parse(result.stdout) as JsonReport;
});

const find = (address: string) => report.changes.find((change) => change.address.endsWith(address));

test("JSON contract: changes {stack, address, type, action, attributes [{path, before, after}], security [{kind, reason}]}, broadening, policy, summary", () => {
  expect(Object.keys(report)).toEqual(expect.arrayContaining(["changes", "broadening", "policy", "summary"]));
  expect(report.changes.length).toBeGreaterThan(0);
  for (const change of report.changes) {
    expect(Object.keys(change)).toEqual(expect.arrayContaining(["stack", "address", "type", "action", "attributes", "security"]));
    expect(["create", "update", "replace", "destroy", "move"]).toContain(change.action);
    for (const attribute of change.attributes) expect(Object.keys(attribute)).toEqual(expect.arrayContaining(["path", "before", "after"]));
    for (const note of change.security) {
      expect(["broadening", "narrowing", "notable"]).toContain(note.kind);
      expect(note.reason).toEqual(expect.any(String));
    }
  }
  expect(report.policy).toEqual({ introduced: expect.any(Array), resolved: expect.any(Array) });
});

test("a logical-ID rename of the same NSG is a move without attribute noise, and references to it do not change", () => {
  const nsg = find("spoke_security-group-app_5E6F7A8B")!;
  expect(nsg).toMatchObject({ action: "move", previousAddress: "azurerm_network_security_group.spoke_nsg-app_1A2B3C4D", attributes: [] });
  // The diagnostic setting reads the NSG's id through a cross-stack output whose name carries the logical ID.
  expect(find("nsg-diagnostics_7D7D7D7D")).toBeUndefined();
  expect(report.summary.unchanged).toBe(4);
});

test("attribute-level changes carry path, before and after", () => {
  expect(find("spoke_nsg-app-deny-internet-inbound_9806AD4F")).toMatchObject({ action: "update", attributes: [{ path: "access", before: "Deny", after: "Allow" }] });
  expect(find("key-vault_FE1F1979")!.attributes).toEqual([
    { path: "network_acls.default_action", before: "Deny", after: "Allow" },
    { path: "public_network_access_enabled", before: false, after: true },
  ]);
});

test("a force-new attribute makes a replacement, and replacing a storage account is called out as stateful", () => {
  const storage = find("storage_account_13ECC22F")!;
  expect(storage.action).toBe("replace");
  expect(storage.attributes).toEqual([{ path: "name", before: "stfhideveus2a", after: "stfhideveus2b", forcesReplacement: true }]);
  expect(storage.statefulLoss).toMatch(/blobs/);
  expect(storage.security).toContainEqual(expect.objectContaining({ kind: "notable", rule: "stateful-resource" }));
});

test("broadening, narrowing and notable changes are classified with reasons", () => {
  const kinds = (address: string) => find(address)!.security.map((note) => `${note.kind}:${note.rule}`);
  expect(kinds("spoke_nsg-app-deny-internet-inbound_9806AD4F")).toEqual(["broadening:nsg-rule"]);
  expect(find("spoke_nsg-app-allow-gateway_3C0FFEE1")!.security[0].reason).toMatch(/22 \(SSH\)/);
  expect(kinds("key-vault_FE1F1979")).toEqual(["broadening:public-network-access", "broadening:network-default-action"]);
  expect(find("key-vault_role-owner_0E0E0E0E")!.security[0]).toMatchObject({ kind: "broadening", reason: expect.stringMatching(/PRIVILEGED role "Owner"/) });
  expect(kinds("key-vault_role-reader_0D0D0D0D")).toEqual(["narrowing:role-assignment"]);
  expect(find("model-server_version-9c8d7e6f5a4b_0A1B2C3D")!.security).toEqual([
    { kind: "notable", rule: "model-image", reason: expect.stringMatching(/digest sha256:3b1f0c2a9d8e -> sha256:9c8d7e6f5a4b/) },
  ]);
  expect(report.broadening).toBe(true);
  expect(report.summary).toMatchObject({ broadening: 5, narrowing: 1, create: 2, update: 3, replace: 1, destroy: 2, move: 1 });
  expect(report.note).toMatch(/may not be exhaustive/);
});

test("policy findings the change introduces are listed", () => {
  expect(report.policy.introduced).toContainEqual(expect.objectContaining({ ruleId: "FHI-KV-004", address: "azurerm_key_vault.key-vault_FE1F1979" }));
  expect(report.policy.resolved).toEqual([]);
});

test("exit codes follow --require-approval: never 0, broadening 1, any-change 1; no change 0", async () => {
  const args = ["review", "--before", BEFORE, "--after", AFTER, "--format", "json"];
  expect((await fhi([...args, "--require-approval", "never"])).code).toBe(0);
  const gated = await fhi([...args, "--require-approval", "broadening"]);
  expect(gated.code).toBe(1);
  expect(gated.stderr).toMatch(/approval required .* 5 broadening/);
  expect((await fhi([...args, "--require-approval", "any-change"])).code).toBe(1);
  // The change undone narrows everything, except that granting the reader role back is itself broadening.
  const undo = await fhi(["review", "--before", AFTER, "--after", BEFORE, "--format", "json"]);
  const broadening = (JSON.parse(undo.stdout) as JsonReport).changes.flatMap((change) => change.security.filter((note) => note.kind === "broadening").map((note) => note.rule));
  expect(broadening).toEqual(["role-assignment"]);
  expect((await fhi(["review", "--before", BEFORE, "--after", BEFORE, "--require-approval", "any-change"])).code).toBe(0);
});

test("--env keeps only that environment's stacks; an environment with no stack on either side is an input error", async () => {
  const dev = await fhi(["review", "--before", BEFORE, "--after", AFTER, "--env", "dev", "--format", "json"]);
  expect((JSON.parse(dev.stdout) as JsonReport).changes.length).toBeGreaterThan(0);
  const misspelt = await fhi(["review", "--before", BEFORE, "--after", AFTER, "--env", "dve", "--require-approval", "any-change"]);
  expect(misspelt.code).toBe(2);
  expect(misspelt.stderr).toBe("error: --env dve: no stack of that environment on either side (found: dev). Fix: name an environment that was synthesized\n");
});

test("text report: markers, replacement, security tables per type and the note", async () => {
  const { stdout } = await fhi(["review", "--before", BEFORE, "--after", AFTER]);
  expect(stdout).toMatch(/^\[-\/\+\] azurerm_storage_account\.storage_account_13ECC22F {2}requires replacement \(name\)$/m);
  expect(stdout).toMatch(/^ {4}~ access: "Deny" -> "Allow"$/m);
  expect(stdout).toMatch(/^ {2}azurerm_network_security_rule\n {4}\[broadening\] dev-eastus2-network spoke_nsg-app-allow-gateway/m);
  expect(stdout).toMatch(/^NOTE: .*may not be exhaustive/m);
});

test("markdown report: marker, bold summary, action table with backticked addresses, security table, details", async () => {
  const { stdout } = await fhi(["review", "--before", BEFORE, "--after", AFTER, "--format", "markdown"]);
  const lines = stdout.split("\n");
  expect(lines[0]).toBe("<!-- fhi-review -->");
  expect(lines[1]).toMatch(/^\*\*fhi review: 2 to add, 3 to change, 1 to replace, 2 to destroy, 1 moved .*\*\* — ⚠️ \*\*5 broadening change\(s\) need security approval\*\*$/);
  expect(stdout).toContain("| 🟠 replace | dev-eastus2-platform | `azurerm_storage_account.storage_account_13ECC22F` | requires replacement (name); **stateful**: loses its blobs, files and tables |");
  expect(stdout).toMatch(/#### `azurerm_key_vault`\n\n\| Kind \| Stack \| Resource \| Change \|\n\|---\|---\|---\|---\|\n\| ⚠️ broadening \| dev-eastus2-platform \| `key-vault_FE1F1979` \| public network access false -> true \|/);
  expect(stdout).toMatch(/<details><summary>Attribute changes by stack/);
  expect(stdout).toMatch(/> \*\*Note:\*\* .*may not be exhaustive/);
});

describe("single Terraform JSON files and bad input", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-review-files-"));
    const storage = (tls: string) => ({ resource: { azurerm_storage_account: { logs: { name: "stlogs", location: "eastus2", resource_group_name: "rg", min_tls_version: tls } } } });
    fs.writeFileSync(path.join(dir, "before.tf.json"), JSON.stringify(storage("TLS1_2")));
    fs.writeFileSync(path.join(dir, "after.tf.json"), JSON.stringify(storage("TLS1_0")));
    fs.writeFileSync(path.join(dir, "broken.json"), "{ not json");
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("two *.tf.json files compare under one pseudo-stack; a lowered TLS minimum is broadening", async () => {
    const result = await fhi(["review", "--before", "before.tf.json", "--after", "after.tf.json", "--format", "json", "--require-approval", "broadening"], dir);
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout) as JsonReport;
    expect(json.changes).toEqual([expect.objectContaining({ stack: "terraform", address: "azurerm_storage_account.logs", action: "update" })]);
    expect(json.changes[0].security).toEqual([{ kind: "broadening", rule: "tls-minimum", reason: 'minimum TLS version "TLS1_2" -> "TLS1_0"' }]);
  });

  test.each([
    [["--before", "before.tf.json"], /--before and --after go together/],
    [["--before", "before.tf.json", "--after", "after.tf.json", "--plan", "x.json"], /use one of --base\/--head, --before\/--after or --plan/],
    [["--before", "before.tf.json", "--after", "missing.tf.json"], /missing\.tf\.json: no such file or directory/],
    [["--before", "before.tf.json", "--after", "broken.json"], /broken\.json: not valid JSON/],
    [["--before", "before.tf.json", "--after", "after.tf.json", "--format", "html"], /argument 'html' is invalid/],
    [["--before", "before.tf.json", "--after", "after.tf.json", "--require-approval", "sometimes"], /argument 'sometimes' is invalid/],
    [["--before", "before.tf.json", "--after", "after.tf.json", "--output", "no-such-dir/review.md"], /--output .*no-such-dir\/review\.md: cannot be written \(ENOENT\)/],
  ])("usage and input errors exit 2 with one line: %j", async (args, message) => {
    const result = await fhi(["review", ...args], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe("");
  });

  test("--output writes the report to the file and prints a one-line summary", async () => {
    const result = await fhi(["review", "--before", "before.tf.json", "--after", "after.tf.json", "--format", "markdown", "--output", "review.md"], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("wrote review.md: 1 change(s), 1 broadening\n");
    expect(fs.readFileSync(path.join(dir, "review.md"), "utf8")).toMatch(/^<!-- fhi-review -->\n/);
  });
});
