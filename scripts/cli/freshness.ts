/**
 * `fhi` runs the compiled JavaScript in `dist/` (about twice as fast to start as a TypeScript loader), so in a
 * source checkout it must never run an older build than the files on disk: an edited environment would be
 * synthesized, scaled or reviewed with its old values. Before a command runs, a cheap look at modification times
 * (a few milliseconds) tells whether any build input is newer than the last build; if so, the incremental build
 * (`tsconfig.build.json`: incremental, no output on errors) runs first, and a type error stops the command; a
 * synth instead runs beside the build, on the edited sources, and replaces its output only once they compile
 * (build-beside.ts). See docs/performance.md for why this beat running the sources through a loader.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const BUILD_CONFIG = "tsconfig.build.json";
/** Written by every successful build (tsconfig.build.json: tsBuildInfoFile); its time is the build's time. */
const BUILD_STAMP = path.join("dist", ".tsbuildinfo");
/** Build inputs besides the folders the build config includes. */
const CONFIG_FILES = ["tsconfig.json", BUILD_CONFIG, "package.json", "package-lock.json"];

export type Freshness =
  | { readonly state: "fresh" }
  | { readonly state: "rebuilt" }
  /** The sources do not compile; `output` is the compiler's message. */
  | { readonly state: "broken"; readonly output: string };

/** The checkout that `dist/` was built from, or undefined when this build is not inside one (an installed copy). */
export function sourceCheckoutOf(compiledFile: string): string | undefined {
  let directory = path.dirname(compiledFile);
  while (path.basename(directory) !== "dist") {
    const parent = path.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
  const root = path.dirname(directory);
  const isCheckout = fs.existsSync(path.join(root, BUILD_CONFIG)) && fs.existsSync(path.join(root, "node_modules", "typescript"));
  return isCheckout ? root : undefined;
}

/** Files under `input` (or `input` itself) modified after `built`. */
function changedSince(input: string, built: number, changed: string[]): void {
  const stat = fs.statSync(input);
  if (!stat.isDirectory()) {
    if (stat.mtimeMs > built) changed.push(input);
    return;
  }
  for (const entry of fs.readdirSync(input, { withFileTypes: true })) changedSince(path.join(input, entry.name), built, changed);
}

function buildInputs(root: string): string[] {
  const config = JSON.parse(fs.readFileSync(path.join(root, "tsconfig.json"), "utf8")) as { include?: string[] };
  const excluded = new Set(["__tests__"]);
  return [...(config.include ?? []).filter((folder) => !excluded.has(folder)), ...CONFIG_FILES]
    .map((input) => path.join(root, input))
    .filter((input) => fs.existsSync(input));
}

/**
 * How to start the compiler. TypeScript 7's `tsc` is a Node script that starts the native compiler of the
 * platform's package (`@typescript/typescript-<platform>-<arch>`); starting that directly saves a Node start-up,
 * a third of an incremental build here (docs/performance.md). The script when the native one cannot be found.
 */
export function compilerCommand(root: string): { command: string; args: string[] } {
  const typescript = path.join(root, "node_modules", "typescript");
  try {
    const platformPackage = require.resolve(`@typescript/typescript-${process.platform}-${process.arch}/package.json`, { paths: [typescript] });
    const native = path.join(path.dirname(platformPackage), "lib", process.platform === "win32" ? "tsc.exe" : "tsc");
    if (fs.existsSync(native)) return { command: native, args: [] };
  } catch {
    // not installed for this platform: the script finds what it needs, or says why not
  }
  return { command: process.execPath, args: [path.join(typescript, "bin", "tsc")] };
}

/**
 * The build inputs modified since the last build (absolute paths), or "unbuilt" when there is no build yet.
 * An empty list: the build is fresh.
 */
export function changedInputs(root: string): string[] | "unbuilt" {
  let built: number;
  try {
    built = fs.statSync(path.join(root, BUILD_STAMP)).mtimeMs;
  } catch {
    return "unbuilt";
  }
  const changed: string[] = [];
  for (const input of buildInputs(root)) changedSince(input, built, changed);
  return changed;
}

/** Is the build older than a file it is made from? */
export function isStale(root: string): boolean {
  const changed = changedInputs(root);
  return changed === "unbuilt" || changed.length > 0;
}

/**
 * The native compiler is written in Go, whose collector took 0.4 of the 0.95 CPU-seconds of an incremental build
 * of our program, though the whole build peaks under 300 MB: it collects only when the heap nears 1 GiB instead
 * (GOMEMLIMIT is a soft limit, so a larger program still builds). The user's own settings win.
 */
const COMPILER_ENVIRONMENT = { GOGC: "off", GOMEMLIMIT: "1GiB" };

/**
 * The incremental build's command line (`tsconfig.build.json`: no output on errors). `beside`: another process
 * needs the second core meanwhile (build-beside.ts), and the compiler's own threads would only compete with it.
 */
export function buildCommand(root: string, beside = false): { command: string; args: string[]; env: NodeJS.ProcessEnv } {
  const tsc = compilerCommand(root);
  return {
    command: tsc.command,
    args: [...tsc.args, "-p", path.join(root, BUILD_CONFIG), "--pretty", "false", ...(beside ? ["--singleThreaded"] : [])],
    env: { ...COMPILER_ENVIRONMENT, ...process.env },
  };
}

/** How a compiler run ended, as `spawnSync` reports it. */
export interface CompilerRun {
  readonly status: number | null;
  readonly output: string;
  readonly error?: string;
}

/** Runs the incremental build and waits for it. */
export function runBuild(root: string): CompilerRun {
  // Loaded on use: a fresh build (most runs) starts no process.
  const { spawnSync } = require("node:child_process") as typeof import("node:child_process");
  const tsc = buildCommand(root);
  const build = spawnSync(tsc.command, tsc.args, { cwd: root, env: tsc.env, encoding: "utf8" });
  return { status: build.status, output: `${build.stdout ?? ""}${build.stderr ?? ""}`, ...(build.error ? { error: String(build.error) } : {}) };
}

/**
 * The time to give a build that starts now: files saved before it are older, files saved once the compiler has
 * read them (a few milliseconds later at the earliest) are newer, and are built next time. `Date` counts whole
 * milliseconds and file times finer, so the time is rounded up.
 */
export function buildStart(): Date {
  return new Date(Date.now() + 1);
}

/**
 * What a finished build means. Its time is `startedAt` (see buildStart), set here because tsc leaves its build
 * info alone when nothing it emits changed (a touched file).
 */
export function buildOutcome(root: string, run: CompilerRun, startedAt: Date): Freshness {
  if (run.status !== 0) return { state: "broken", output: run.output.trim() || (run.error ?? `tsc exited ${run.status}`) };
  fs.utimesSync(path.join(root, BUILD_STAMP), startedAt, startedAt);
  return { state: "rebuilt" };
}

/** Rebuilds `dist/`; a failing build leaves the old one in place. */
export function rebuild(root: string): Freshness {
  const startedAt = buildStart();
  return buildOutcome(root, runBuild(root), startedAt);
}

/** Rebuilds `dist/` when a build input changed since the last build; a failing build leaves the old one in place. */
export function ensureFreshBuild(root: string): Freshness {
  return isStale(root) ? rebuild(root) : { state: "fresh" };
}
