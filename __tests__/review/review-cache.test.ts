import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { withRefOutputs, type CheckoutToSynthesize } from "../../review/sources/git";

/**
 * The cache of synthesized commits (review/sources/cache.ts): a second review of the same base reuses its output;
 * anything the output depends on (the commit's sources, the installed lockfile) makes it synthesize again; a
 * damaged entry is ignored with a warning. The synthesizer is a stand-in that copies the checkout's
 * `synthesized/` directory and counts what it was asked to synthesize.
 */
const git = (repo: string, ...args: string[]) => execFileSync("git", args, { cwd: repo, encoding: "utf8" }).trim();

let work: string;
let repo: string;
let cacheDirectory: string;
let synthesized: string[];
let warnings: string[];
const commits: Record<string, string> = {};

function writeOutput(directory: string, marker: string): void {
  fs.mkdirSync(path.join(directory, "synthesized", "stacks", "dev"), { recursive: true });
  fs.writeFileSync(path.join(directory, "synthesized", "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: { dev: { synthesizedStackPath: "stacks/dev/cdk.tf.json" } } }));
  fs.writeFileSync(path.join(directory, "synthesized", "stacks", "dev", "cdk.tf.json"), JSON.stringify({ marker }));
}

async function synthesize(checkout: CheckoutToSynthesize): Promise<void> {
  synthesized.push(checkout.label);
  fs.cpSync(path.join(checkout.directory, "synthesized"), checkout.outdir, { recursive: true });
}

/** Reviews `base` against the working tree and returns the marker of the base's output as the review read it. */
function baseMarker(base: string): Promise<string> {
  return withRefOutputs({ cwd: repo, base, synthesize, cacheDirectory, warn: (line) => warnings.push(line) }, (outputs) => {
    const document = JSON.parse(fs.readFileSync(path.join(outputs.base, "stacks", "dev", "cdk.tf.json"), "utf8")) as { marker: string };
    return document.marker;
  });
}

const baseSyntheses = () => synthesized.filter((label) => label !== "the working tree").length;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-review-cache-"));
  repo = path.join(work, "repo");
  git(work, "init", "-q", "-b", "main", repo);
  git(repo, "config", "user.email", "test@example.invalid");
  git(repo, "config", "user.name", "test");
  fs.writeFileSync(path.join(repo, "package-lock.json"), '{"lockfileVersion": 3}\n');
  writeOutput(repo, "one");
  git(repo, "add", ".");
  git(repo, "commit", "-qm", "one");
  commits.one = git(repo, "rev-parse", "HEAD");
  writeOutput(repo, "two");
  git(repo, "commit", "-qam", "two");
  commits.two = git(repo, "rev-parse", "HEAD");
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

beforeEach(() => {
  cacheDirectory = fs.mkdtempSync(path.join(work, "cache-"));
  synthesized = [];
  warnings = [];
});

test("a second review of the same base reuses its synthesized output (the working tree is synthesized each time)", async () => {
  expect(await baseMarker(commits.one)).toBe("one");
  expect(await baseMarker(commits.one)).toBe("one");
  expect(baseSyntheses()).toBe(1);
  expect(synthesized.filter((label) => label === "the working tree")).toHaveLength(2);
  expect(warnings).toEqual([]);
});

test("another base, with other sources, is synthesized, and each base keeps its own output", async () => {
  expect(await baseMarker(commits.one)).toBe("one");
  expect(await baseMarker(commits.two)).toBe("two");
  expect(await baseMarker(commits.one)).toBe("one");
  expect(baseSyntheses()).toBe(2);
});

test("a changed lockfile (other installed dependencies) makes the same base synthesize again", async () => {
  const lockfile = path.join(repo, "package-lock.json");
  const original = fs.readFileSync(lockfile, "utf8");
  try {
    await baseMarker(commits.one);
    fs.writeFileSync(lockfile, '{"lockfileVersion": 3, "packages": {"node_modules/x": {"version": "2.0.0"}}}\n');
    await baseMarker(commits.one);
    expect(baseSyntheses()).toBe(2);
    await baseMarker(commits.one);
    expect(baseSyntheses()).toBe(2);
  } finally {
    fs.writeFileSync(lockfile, original);
  }
});

test.each([
  ["a stack file edited", (entry: string) => fs.writeFileSync(path.join(entry, "out", "stacks", "dev", "cdk.tf.json"), JSON.stringify({ marker: "tampered" })), /stacks\/dev\/cdk\.tf\.json does not match/],
  ["a stack file removed", (entry: string) => fs.rmSync(path.join(entry, "out", "stacks", "dev", "cdk.tf.json")), /holds 1 file\(s\) where 2 were stored/],
  ["the entry's index cut short", (entry: string) => fs.writeFileSync(path.join(entry, "entry.json"), '{"format": 1, "key"'), /entry\.json unreadable/],
])("a damaged entry (%s) is ignored with a warning, and the base is synthesized again", async (_what, damage, reason) => {
  await baseMarker(commits.one);
  const [entry] = fs.readdirSync(cacheDirectory).map((name) => path.join(cacheDirectory, name));
  damage(entry);
  expect(await baseMarker(commits.one)).toBe("one");
  expect(baseSyntheses()).toBe(2);
  expect(warnings).toEqual([expect.stringMatching(/^ignoring the cached synthesis of .* \(.*\); synthesizing it again$/)]);
  expect(warnings[0]).toMatch(reason);
  // Stored again, whole: the next review uses it without a warning.
  expect(await baseMarker(commits.one)).toBe("one");
  expect(baseSyntheses()).toBe(2);
  expect(warnings).toHaveLength(1);
});

test("a base whose synthesis fails is not cached", async () => {
  const failing = async (checkout: CheckoutToSynthesize) => {
    synthesized.push(checkout.label);
    if (checkout.label !== "the working tree") throw new Error("does not synthesize");
    fs.cpSync(path.join(checkout.directory, "synthesized"), checkout.outdir, { recursive: true });
  };
  await expect(withRefOutputs({ cwd: repo, base: commits.one, synthesize: failing, cacheDirectory }, () => undefined)).rejects.toThrow("does not synthesize");
  expect(fs.readdirSync(cacheDirectory)).toEqual([]);
});
