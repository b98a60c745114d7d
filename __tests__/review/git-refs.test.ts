import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ReviewInputError } from "../../review";
import { withRefOutputs } from "../../review/sources/git";
import { fhi, ROOT } from "./helpers";

/**
 * A throw-away repository whose "app" is a one-file `fhi synth` that copies a committed cdktf.out-like
 * directory: the real git-ref path (worktrees, the repository's own tsc, node_modules reuse) at a fraction
 * of a real synth's cost.
 */
const SYNTH_SOURCE = `import * as fs from "node:fs";
const args = process.argv.slice(2);
const outdir = args[args.indexOf("--outdir") + 1];
if (args[0] !== "synth" || !outdir) throw new Error("usage: fhi synth --outdir DIR");
fs.cpSync("synthesized", outdir, { recursive: true });
`;

const TSCONFIG = { compilerOptions: { module: "commonjs", target: "ES2022", rootDir: ".", outDir: "dist", strict: true, skipLibCheck: true, types: ["node"] }, include: ["scripts"] };

const STACK = "dev-eastus2-network";
function stackDocument(vaultPublic: boolean, nsgSource: string): object {
  const meta = (id: string) => ({ "//": { metadata: { path: `${STACK}/${id}`, uniqueId: id } } });
  return {
    "//": { metadata: { stackName: STACK, backend: "local", version: "0.21.0" } },
    resource: {
      azurerm_key_vault: { vault_ABCDEF01: { ...meta("vault_ABCDEF01"), name: "kv-fhi-dev", location: "eastus2", resource_group_name: "rg", public_network_access_enabled: vaultPublic } },
      azurerm_network_security_rule: {
        rule_12345678: { ...meta("rule_12345678"), name: "allow-app", priority: 200, direction: "Inbound", access: "Allow", protocol: "Tcp", source_address_prefix: nsgSource, destination_address_prefix: "*", destination_port_range: "443", resource_group_name: "rg", network_security_group_name: "nsg" },
      },
    },
  };
}

function writeSynthesized(repo: string, vaultPublic: boolean, nsgSource: string): void {
  const dir = path.join(repo, "synthesized");
  fs.mkdirSync(path.join(dir, "stacks", STACK), { recursive: true });
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: { [STACK]: { name: STACK, dependencies: [], synthesizedStackPath: `stacks/${STACK}/cdk.tf.json` } } }));
  fs.writeFileSync(path.join(dir, "stacks", STACK, "cdk.tf.json"), JSON.stringify(stackDocument(vaultPublic, nsgSource), null, 2));
}

const git = (repo: string, ...args: string[]) => execFileSync("git", args, { cwd: repo, encoding: "utf8" }).trim();

let work: string;
let repo: string;
let tmp: string;
const commits: Record<string, string> = {};
const savedTmp = process.env.TMPDIR;
const savedCache = process.env.FHI_REVIEW_CACHE;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-review-git-"));
  repo = path.join(work, "repo");
  tmp = path.join(work, "tmp");
  fs.mkdirSync(path.join(repo, "scripts"), { recursive: true });
  fs.mkdirSync(tmp);
  // Temporary directories of the review land here, so the test can see that none is left behind.
  process.env.TMPDIR = tmp;
  // Every test here synthesizes what it reviews; the cache has tests of its own (review-cache.test.ts).
  process.env.FHI_REVIEW_CACHE = "off";
  git(work, "init", "-q", "-b", "main", repo);
  git(repo, "config", "user.email", "test@example.invalid");
  git(repo, "config", "user.name", "test");
  fs.writeFileSync(path.join(repo, "scripts", "fhi.ts"), SYNTH_SOURCE);
  fs.writeFileSync(path.join(repo, "tsconfig.build.json"), JSON.stringify(TSCONFIG));
  fs.writeFileSync(path.join(repo, ".gitignore"), "node_modules\ndist\n");
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(repo, "node_modules"), "dir");
  writeSynthesized(repo, true, "10.0.0.0/16");
  git(repo, "add", ".");
  git(repo, "commit", "-qm", "base: public vault, private NSG source");
  commits.base = git(repo, "rev-parse", "HEAD");
  git(repo, "checkout", "-q", "-b", "feature");
  writeSynthesized(repo, false, "10.0.0.0/16");
  git(repo, "commit", "-qam", "narrowing: vault private");
  commits.narrowing = git(repo, "rev-parse", "HEAD");
  writeSynthesized(repo, false, "Internet");
  git(repo, "commit", "-qam", "broadening: NSG from the internet");
  commits.broadening = git(repo, "rev-parse", "HEAD");
});

afterAll(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  if (savedCache === undefined) delete process.env.FHI_REVIEW_CACHE;
  else process.env.FHI_REVIEW_CACHE = savedCache;
  fs.rmSync(work, { recursive: true, force: true });
});

function expectCleanedUp(): void {
  expect(git(repo, "worktree", "list", "--porcelain").match(/^worktree /gm)).toHaveLength(1);
  expect(fs.readdirSync(tmp)).toEqual([]);
}

interface Json {
  changes: { address: string; security: { kind: string; rule: string }[] }[];
  broadening: boolean;
}

test("a narrowing commit passes --require-approval broadening (exit 0)", async () => {
  const result = await fhi(["review", "--base", commits.base, "--head", commits.narrowing, "--format", "json", "--require-approval", "broadening"], repo);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  const json = JSON.parse(result.stdout) as Json;
  expect(json.broadening).toBe(false);
  expect(json.changes).toEqual([expect.objectContaining({ address: "azurerm_key_vault.vault_ABCDEF01", security: [expect.objectContaining({ kind: "narrowing", rule: "public-network-access" })] })]);
  expectCleanedUp();
});

test("a broadening commit fails --require-approval broadening (exit 1), and passes under never", async () => {
  const args = ["review", "--base", commits.narrowing, "--head", commits.broadening, "--format", "json"];
  const gated = await fhi([...args, "--require-approval", "broadening"], repo);
  expect(gated.code).toBe(1);
  expect((JSON.parse(gated.stdout) as Json).changes[0].security).toEqual([expect.objectContaining({ kind: "broadening", rule: "nsg-rule" })]);
  expect((await fhi(args, repo)).code).toBe(0);
  expectCleanedUp();
});

test("defaults: base is the merge-base with main, head is the working tree with uncommitted changes", async () => {
  writeSynthesized(repo, true, "Internet");
  try {
    const result = await fhi(["review", "--format", "json", "--require-approval", "broadening"], repo);
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout) as Json;
    // Against the merge-base (the public vault) only the NSG rule changed, the uncommitted vault edit undoes commit 1.
    expect(json.changes.map((change) => change.address)).toEqual(["azurerm_network_security_rule.rule_12345678"]);
  } finally {
    git(repo, "checkout", "--", "synthesized");
  }
  expectCleanedUp();
});

test("an unknown ref is a one-line input error (exit 2)", async () => {
  const result = await fhi(["review", "--base", "no-such-branch"], repo);
  expect(result.code).toBe(2);
  expect(result.stderr).toBe("error: --base no-such-branch: not a commit in this repository. Fix: name a branch, tag or commit (git log --oneline shows them)\n");
  expectCleanedUp();
});

test("a base that does not compile is an input error naming it, and its worktree is removed", async () => {
  fs.writeFileSync(path.join(repo, "scripts", "fhi.ts"), "const broken: number = 'not a number';\n");
  git(repo, "commit", "-qam", "broken app");
  const broken = git(repo, "rev-parse", "HEAD");
  try {
    const result = await fhi(["review", "--base", broken, "--head", commits.broadening], repo);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^error: ${broken} \\(${broken.slice(0, 7)}\\) does not compile:\\n.*TS2322`, "s"));
  } finally {
    git(repo, "reset", "-q", "--hard", commits.broadening);
  }
  expectCleanedUp();
});

test("the temporary worktrees and directory are removed when synthesis throws", async () => {
  let seen: string[] = [];
  const attempt = withRefOutputs(
    {
      cwd: repo,
      base: commits.base,
      head: commits.broadening,
      synthesize: async (checkout) => {
        seen = git(repo, "worktree", "list", "--porcelain").match(/^worktree .*$/gm) ?? [];
        expect(fs.existsSync(path.join(checkout.directory, "scripts", "fhi.ts"))).toBe(true);
        expect(fs.existsSync(path.join(checkout.nodeModules, "typescript"))).toBe(true);
        throw new ReviewInputError("synthesis exploded");
      },
    },
    () => "never reached",
  );
  await expect(attempt).rejects.toThrow("synthesis exploded");
  expect(seen.length).toBeGreaterThan(1);
  expectCleanedUp();
});

test("the temporary worktrees are removed when the comparison itself fails", async () => {
  const attempt = withRefOutputs({ cwd: repo, base: commits.base, head: commits.narrowing }, () => {
    throw new Error("comparison failed");
  });
  await expect(attempt).rejects.toThrow("comparison failed");
  expectCleanedUp();
});

test("on a terminal, the review says which ref it is synthesizing and when each is done", async () => {
  const { run } = jest.requireActual("../../scripts/program") as typeof import("../../scripts/program");
  let stderr = "";
  const code = await run(["review", "--base", commits.base, "--head", commits.narrowing, "--format", "json"], { stdout: () => undefined, stderr: (text) => (stderr += text), cwd: repo, interactive: true });
  expect(code).toBe(0);
  const short = (commit: string) => commit.slice(0, 7);
  expect(stderr).toContain(`synthesizing ${commits.base} (${short(commits.base)}) ...`);
  expect(stderr).toMatch(new RegExp(`synthesized ${commits.narrowing} \\(${short(commits.narrowing)}\\) in \\d+\\.\\d s`));
  expectCleanedUp();
});
