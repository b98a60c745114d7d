/**
 * `fhi` runs the compiled JavaScript in `dist/` (about twice as fast to start as a TypeScript loader), so in a
 * source checkout it must never run an older build than the files on disk: an edited environment would be
 * synthesized, scaled or reviewed with its old values. Before a command runs, a cheap look at modification times
 * (a few milliseconds) tells whether any build input is newer than the last build; if so, the incremental build
 * (`tsconfig.build.json`: incremental, no output on errors) runs first, and a type error stops the command.
 * See docs/performance.md for why this beat running the sources through a loader.
 */
import { spawnSync } from "node:child_process";
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

function newestChange(directory: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const file = path.join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(file) : fs.statSync(file).mtimeMs);
  }
  return newest;
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

/** Is the build older than a file it is made from? */
export function isStale(root: string): boolean {
  let built: number;
  try {
    built = fs.statSync(path.join(root, BUILD_STAMP)).mtimeMs;
  } catch {
    return true;
  }
  return buildInputs(root).some((input) => (fs.statSync(input).isDirectory() ? newestChange(input) : fs.statSync(input).mtimeMs) > built);
}

/** Rebuilds `dist/` when a build input changed since the last build; a failing build leaves the old one in place. */
export function ensureFreshBuild(root: string): Freshness {
  if (!isStale(root)) return { state: "fresh" };
  const tsc = compilerCommand(root);
  const build = spawnSync(tsc.command, [...tsc.args, "-p", path.join(root, BUILD_CONFIG), "--pretty", "false"], { cwd: root, encoding: "utf8" });
  if (build.status !== 0) return { state: "broken", output: `${build.stdout ?? ""}${build.stderr ?? ""}`.trim() || String(build.error ?? `tsc exited ${build.status}`) };
  // tsc leaves its build info alone when nothing it emits changed (a touched file): the time says "checked now".
  const now = new Date();
  fs.utimesSync(path.join(root, BUILD_STAMP), now, now);
  return { state: "rebuilt" };
}
