import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as nodeModule from "node:module";
import * as path from "node:path";

/*
 * What a V8 startup snapshot (Node 22: `--build-snapshot`, `--snapshot-blob`) would buy `fhi policy check`: every
 * module the command loads (ours and commander's) is loaded once into a heap that is saved, and a run starts from
 * that heap instead of loading modules. Node's snapshot builder loads built-in modules only, so the modules are put
 * into one script here, each in a function, with the requires between them resolved beforehand. A measurement for
 * docs/performance.md, not a way to run `fhi`: it skips fhi's freshness check, and would need a launcher of its
 * own and a blob rebuilt with every build.
 */

const REQUIRE = /require\(["']([^"']+)["']\)/g;

/** A script that records, on exit, every module file the process loaded. */
const RECORDER = `const fs = require("node:fs");
process.on("exit", () => fs.writeFileSync(process.env.FHI_BENCH_MODULES, JSON.stringify(Object.keys(require.cache))));
`;

/** The module files a command loads, by running it once. */
function modulesLoadedBy(argv: readonly string[], cwd: string, work: string): string[] {
  const recorder = path.join(work, "record-modules.cjs");
  const list = path.join(work, "modules.json");
  fs.writeFileSync(recorder, RECORDER);
  const run = spawnSync(process.execPath, ["--require", recorder, ...argv], { cwd, env: { ...process.env, FHI_BENCH_MODULES: list }, encoding: "utf8" });
  if (run.status !== 0 && run.status !== 1) throw new Error(`snapshot: ${argv.join(" ")} exited ${run.status}\n${run.stderr}`);
  return (JSON.parse(fs.readFileSync(list, "utf8")) as string[]).filter((file) => file !== recorder);
}

/** The modules as one script: a function per module, requires between them resolved to their file, `__load(file)` to run one. */
function bundle(files: readonly string[]): string {
  const included = new Set(files);
  const resolutions: Record<string, Record<string, string>> = {};
  const definitions = files.map((file) => {
    const source = fs.readFileSync(file, "utf8");
    const requireFrom = nodeModule.createRequire(file);
    const targets: Record<string, string> = {};
    for (const [, id] of source.matchAll(REQUIRE)) {
      if (nodeModule.isBuiltin(id)) continue;
      try {
        const target = requireFrom.resolve(id);
        if (included.has(target)) targets[id] = target;
      } catch {
        // required only on a path this command does not take
      }
    }
    resolutions[file] = targets;
    const body = file.endsWith(".json") ? `module.exports = ${source};` : source.replace(/^#!.*/, "");
    return `${JSON.stringify(file)}: function (exports, require, module, __filename, __dirname) {\n${body}\n}`;
  });
  return `"use strict";
const __definitions = {\n${definitions.join(",\n")}\n};
const __resolutions = ${JSON.stringify(resolutions)};
const __loaded = new Map();
function __load(file) {
  if (__loaded.has(file)) return __loaded.get(file).exports;
  const module = { exports: {}, id: file, filename: file, loaded: false };
  __loaded.set(file, module);
  const local = (id) => (__resolutions[file][id] ? __load(__resolutions[file][id]) : require(id));
  local.resolve = (id) => __resolutions[file][id] ?? id;
  __definitions[file].call(module.exports, module.exports, local, module, file, file.slice(0, file.lastIndexOf("/")));
  module.loaded = true;
  return module.exports;
}
`;
}

export interface PolicySnapshot {
  /** Node started from a snapshot of nothing: what starting from a snapshot costs by itself. */
  readonly empty: string;
  /** Every module `fhi policy check` loads, loaded; running it takes the command line of `fhi` after the blob. */
  readonly policy: string;
}

/** Builds the blobs in `work`, from the modules `fhi policy check <input>` loads. */
export function createPolicySnapshot(root: string, input: string, work: string): PolicySnapshot {
  const fhi = path.join(root, "dist", "scripts", "fhi.js");
  // fhi.js itself only checks the build's freshness and starts the program, which the snapshot's main does.
  const files = modulesLoadedBy([fhi, "policy", "check", input, "--format", "json", "--output", path.join(work, "snapshot-probe.json"), "--fail-on", "never"], root, work).filter(
    (file) => file !== fhi && !file.endsWith(path.join("cli", "freshness.js")),
  );
  const program = path.join(root, "dist", "scripts", "program.js");
  const entry = path.join(work, "policy-snapshot.js");
  fs.writeFileSync(
    entry,
    `${bundle(files)}
const __program = __load(${JSON.stringify(program)});
for (const file of Object.keys(__definitions)) __load(file);
require("node:v8").startupSnapshot.setDeserializeMainFunction(() => {
  const write = (stream) => (text) => stream.write(text);
  __program.run(process.argv.slice(1), { stdout: write(process.stdout), stderr: write(process.stderr), interactive: false }).then((code) => {
    process.exitCode = code;
  });
});
`,
  );
  const emptyEntry = path.join(work, "empty-snapshot.js");
  fs.writeFileSync(emptyEntry, `require("node:v8").startupSnapshot.setDeserializeMainFunction(() => {});\n`);
  const blobs = { empty: path.join(work, "empty.blob"), policy: path.join(work, "policy.blob") };
  for (const [script, blob] of [[emptyEntry, blobs.empty], [entry, blobs.policy]]) {
    const build = spawnSync(process.execPath, ["--snapshot-blob", blob, "--build-snapshot", script], { cwd: work, encoding: "utf8" });
    if (build.status !== 0) throw new Error(`snapshot: building ${blob} failed\n${build.stderr}`);
  }
  return blobs;
}
