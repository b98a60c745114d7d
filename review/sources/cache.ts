import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The synthesized output of a base ref, kept between reviews: a pull request is reviewed again and again against
 * the same base, and synthesizing it (a worktree, a full compile, a synth) is most of a review's time. An entry is
 * found by everything its output depends on: the commit's tree (its sources), the lockfile of the node_modules it
 * was built with, the Node version and platform, and the environments selected. Each entry lists the SHA-256 of
 * every file it holds; an entry that does not match (a partial write, a disk error, a hand edit) is not used.
 */
export interface CacheKey {
  /** `git rev-parse <commit>^{tree}`: the same sources give the same output, whatever the commit. */
  readonly tree: string;
  /** SHA-256 of the repository's package-lock.json (the installed dependencies), or "none". */
  readonly lockfile: string;
  readonly node: string;
  readonly platform: string;
  readonly environments: readonly string[];
}

/** Written next to the output; bump when the layout or what a key covers changes. */
const FORMAT = 1;
/** Entries kept: the bases of the pull requests under review at a time; the least recently used go first. */
const MAX_ENTRIES = 16;
const ENTRY_FILE = "entry.json";
const OUTPUT_DIR = "out";

interface Entry {
  readonly format: number;
  readonly key: CacheKey;
  /** Path relative to the output directory -> SHA-256 of its content. */
  readonly files: Readonly<Record<string, string>>;
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

export function lockfileDigest(root: string): string {
  try {
    return sha256(fs.readFileSync(path.join(root, "package-lock.json")));
  } catch {
    return "none";
  }
}

export function cacheKey(tree: string, root: string, environments: readonly string[]): CacheKey {
  return { tree, lockfile: lockfileDigest(root), node: process.version, platform: `${process.platform}-${process.arch}`, environments: [...environments].sort() };
}

function entryDirectory(directory: string, key: CacheKey): string {
  return path.join(directory, sha256(JSON.stringify({ format: FORMAT, key })).slice(0, 32));
}

function filesUnder(directory: string, prefix = ""): string[] {
  return fs.readdirSync(path.join(directory, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(prefix, entry.name);
    return entry.isDirectory() ? filesUnder(directory, relative) : [relative];
  });
}

/** Why the entry cannot be used, or undefined when every file is there with the content it was stored with. */
function problemOf(entryDir: string, key: CacheKey): string | undefined {
  let entry: Entry;
  try {
    entry = JSON.parse(fs.readFileSync(path.join(entryDir, ENTRY_FILE), "utf8")) as Entry;
  } catch (error) {
    return `${ENTRY_FILE} unreadable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message.split("\n")[0]})`;
  }
  if (entry.format !== FORMAT || JSON.stringify(entry.key) !== JSON.stringify(key)) return "it was stored for other inputs";
  const output = path.join(entryDir, OUTPUT_DIR);
  const listed = Object.keys(entry.files ?? {});
  if (listed.length === 0 || !listed.includes("manifest.json")) return "it lists no manifest.json";
  let present: string[];
  try {
    present = filesUnder(output);
  } catch {
    return "its output directory is missing";
  }
  if (present.length !== listed.length) return `it holds ${present.length} file(s) where ${listed.length} were stored`;
  for (const file of listed) {
    let content: Buffer;
    try {
      content = fs.readFileSync(path.join(output, file));
    } catch {
      return `${file} is missing`;
    }
    if (sha256(content) !== entry.files[file]) return `${file} does not match what was stored`;
  }
  return undefined;
}

/**
 * The cached output for `key`, or undefined. A damaged entry is reported through `warn`, removed, and treated as
 * absent (the ref is synthesized again).
 */
export function cachedOutput(directory: string, key: CacheKey, label: string, warn: (line: string) => void): string | undefined {
  const entryDir = entryDirectory(directory, key);
  if (!fs.existsSync(entryDir)) return undefined;
  const problem = problemOf(entryDir, key);
  if (problem === undefined) {
    const now = new Date();
    fs.utimesSync(entryDir, now, now);
    return path.join(entryDir, OUTPUT_DIR);
  }
  warn(`ignoring the cached synthesis of ${label} in ${entryDir} (${problem}); synthesizing it again`);
  fs.rmSync(entryDir, { recursive: true, force: true });
  return undefined;
}

/**
 * Keeps a copy of `output` for `key`. Written beside the entry and renamed into place, so that a reader never sees
 * half an entry; a failure to store is reported and otherwise ignored (the review has its output either way).
 */
/** Removes the least recently used entries beyond `keep` (entries are directories; a use touches them). */
function evictBeyond(directory: string, keep: number): void {
  const entries = fs
    .readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.endsWith(".tmp"))
    .map((entry) => ({ dir: path.join(directory, entry.name), used: fs.statSync(path.join(directory, entry.name)).mtimeMs }))
    .sort((a, b) => b.used - a.used);
  for (const stale of entries.slice(keep)) fs.rmSync(stale.dir, { recursive: true, force: true });
}

export function storeOutput(directory: string, key: CacheKey, output: string, warn: (line: string) => void): void {
  const entryDir = entryDirectory(directory, key);
  const staging = `${entryDir}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(directory, { recursive: true });
    fs.rmSync(staging, { recursive: true, force: true });
    fs.cpSync(output, path.join(staging, OUTPUT_DIR), { recursive: true });
    const files = Object.fromEntries(filesUnder(path.join(staging, OUTPUT_DIR)).map((file) => [file, sha256(fs.readFileSync(path.join(staging, OUTPUT_DIR, file)))]));
    const entry: Entry = { format: FORMAT, key, files };
    fs.writeFileSync(path.join(staging, ENTRY_FILE), `${JSON.stringify(entry, null, 2)}\n`);
    fs.rmSync(entryDir, { recursive: true, force: true });
    fs.renameSync(staging, entryDir);
    evictBeyond(directory, MAX_ENTRIES);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    warn(`could not cache the base's synthesis in ${directory} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); the next review synthesizes it again`);
  }
}
