import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fhi, ROOT } from "./helpers";

/**
 * The whole path on this repository, as a reviewer runs it: a copy of HEAD (git clone --shared) with the
 * spoke's deny-internet-inbound NSG rule turned into an allow in the working tree; `fhi review --base HEAD`
 * compiles and synthesizes HEAD in a temporary worktree and the working tree beside it.
 */
const SPOKE = path.join("constructs", "network", "spoke-network.ts");

let work: string;
let clone: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-review-repo-"));
  clone = path.join(work, "repo");
  execFileSync("git", ["clone", "-q", "--shared", ROOT, clone]);
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(clone, "node_modules"), "dir");
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test("turning the spoke's deny-internet-inbound rule into an allow is broadening; CI's gate fails on it", async () => {
  const file = path.join(clone, SPOKE);
  const source = fs.readFileSync(file, "utf8");
  const edited = source.replace(/(name: "deny-internet-inbound",[\s\S]*?access: )"Deny"/, '$1"Allow"');
  expect(edited).not.toBe(source);
  fs.writeFileSync(file, edited);

  const result = await fhi(["review", "--base", "HEAD", "--env", "dev", "--format", "json", "--require-approval", "broadening"], clone);
  expect(result.stderr).toMatch(/approval required/);
  expect(result.code).toBe(1);
  const json = JSON.parse(result.stdout) as { changes: { stack: string; address: string; action: string; attributes: { path: string; before: unknown; after: unknown }[]; security: { kind: string; rule: string }[] }[] };
  const rules = json.changes.filter((change) => change.address.includes("deny-internet-inbound"));
  expect(rules.length).toBeGreaterThan(0);
  // The spoke's subnets and the deployer network's (a SpokeNetwork in the bootstrap) both carry the rule.
  expect(new Set(rules.map((rule) => rule.stack))).toEqual(new Set(["dev-eastus2-network", "dev-bootstrap"]));
  for (const rule of rules) {
    expect(rule).toMatchObject({ action: "update", attributes: [{ path: "access", before: "Deny", after: "Allow" }] });
    expect(rule.security).toEqual([expect.objectContaining({ kind: "broadening", rule: "nsg-rule" })]);
  }
  expect(json.changes.every((change) => change.stack.startsWith("dev-"))).toBe(true);
  expect(execFileSync("git", ["worktree", "list", "--porcelain"], { cwd: clone, encoding: "utf8" }).match(/^worktree /gm)).toHaveLength(1);
});
