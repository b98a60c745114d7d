import * as fs from "node:fs";
import * as path from "node:path";
import { fhi, ROOT } from "./helpers";

/**
 * The workflows cannot run here; what can go wrong in them without running is a call to a command, option or
 * script that does not exist, or a secret where OIDC was meant. This checks those against the real CLI.
 */
const WORKFLOWS = path.join(ROOT, ".github", "workflows");
const files = fs.readdirSync(WORKFLOWS).filter((name) => name.endsWith(".yml"));
const text = (name: string) => fs.readFileSync(path.join(WORKFLOWS, name), "utf8");
const all = files.map(text).join("\n");

test("the three workflows exist", () => {
  expect(files.sort()).toEqual(["deploy-environment.yml", "deploy.yml", "pull-request.yml"]);
});

test("every `npx fhi` call names a real command and real options", async () => {
  const calls = [...all.matchAll(/npx fhi ([a-z]+)((?: [^\n|;&]*)?)/g)];
  expect(calls.length).toBeGreaterThanOrEqual(5);
  for (const [, command, rest] of calls) {
    const subcommand = command === "policy" ? ["check"] : command === "deploy" ? [rest.trim().split(" ")[0]] : [];
    const help = await fhi([command, ...subcommand, "--help"]);
    expect(help.code).toBe(0);
    for (const option of rest.match(/--[a-z-]+/g) ?? []) expect(`${command}: ${help.stdout.includes(option) ? option : `missing ${option}`}`).toBe(`${command}: ${option}`);
  }
});

test("every `node dist/...js` script the workflows run is compiled from a source in this repository", () => {
  const scripts = [...all.matchAll(/node (dist\/[\w/.-]+\.js)/g)].map((match) => match[1]);
  expect(scripts.sort()).toEqual(["dist/scripts/ci/pr-comment.js"]);
  for (const script of scripts) expect(fs.existsSync(path.join(ROOT, script.replace(/^dist\//, "").replace(/\.js$/, ".ts")))).toBe(true);
});

test("Azure is reached with OIDC only: the providers use GitHub's token (id-token), no secret but the job's own GitHub token", () => {
  expect([...all.matchAll(/secrets\.([A-Z_]+)/g)].map((match) => match[1])).toEqual(["GITHUB_TOKEN"]);
  const deploy = text("deploy-environment.yml");
  expect(deploy).toMatch(/id-token: write/);
  expect(deploy).toMatch(/ARM_USE_OIDC: "true"/);
  expect(deploy).toMatch(/environment: \$\{\{ inputs\.environment \}\}/);
});

test("the gates run on a GitHub-hosted runner; the deploy runs stack by stack on the environment's runner, within the plan's budget", () => {
  const deploy = text("deploy-environment.yml");
  expect(deploy).toMatch(/plan:\n\s+runs-on: ubuntu-latest/);
  expect(deploy).toMatch(/npx fhi synth --env/);
  expect(deploy).toMatch(/npx fhi preflight cdktf\.out --format markdown[\s\S]*::error title=Preflight failed::/);
  expect(deploy).toMatch(/runs-on: \$\{\{ fromJSON\(needs\.plan\.outputs\.runs-on\) \}\}/);
  expect(deploy).toMatch(/timeout-minutes: \$\{\{ fromJSON\(needs\.plan\.outputs\.timeout\) \}\}/);
  expect(deploy).toMatch(/npx fhi deploy apply --env/);
  expect(deploy).not.toMatch(/cdktf deploy/);
});

test("environments deploy in order dev -> pilot -> prod", () => {
  const deploy = text("deploy.yml");
  expect(deploy).toMatch(/pilot:\n\s+needs: dev/);
  expect(deploy).toMatch(/prod:\n\s+needs: pilot/);
});

test("the pull request gate: review with --require-approval broadening, comment by marker, fail unless the reviewer label is present", () => {
  const pr = text("pull-request.yml");
  expect(pr).toMatch(/npx fhi review .*--format markdown .*--require-approval broadening/);
  expect(pr).toMatch(/npx fhi policy check cdktf\.out --format sarif/);
  expect(pr).toMatch(/github\/codeql-action\/upload-sarif/);
  expect(pr).toMatch(/if: steps\.review\.outputs\.exit == '1' && !contains\(github\.event\.pull_request\.labels\.\*\.name, env\.APPROVAL_LABEL\)/);
  // A change that fails synth's policy aspect still gets its review comment.
  expect(pr).toMatch(/- name: Security review\n\s+id: review\n\s+if: \$\{\{ !cancelled\(\) \}\}/);
});
