/**
 * `fhi synth` after an edit, without waiting for the compiler first. An incremental build takes about half a
 * second (docs/performance.md) and a synth about a second of one core, so rather than one after the other:
 * the edited sources are transpiled for this process at once (swc, file by file, as jest runs the tests), the
 * command runs on them, and meanwhile the incremental build type-checks and compiles `dist/` on the second core.
 * What the command would replace (its output directory) waits for the build: replaced when the sources compile,
 * left as it was when they do not, and the command then ends as `fhi` always has on a type error (exit 2 with the
 * compiler's message, nothing written). The result is the one the sequential build gives, sooner.
 */
import * as fs from "node:fs";
import * as nodeModule from "node:module";
import * as path from "node:path";
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { buildCommand, buildOutcome, buildStart, type CompilerRun, type Freshness } from "./freshness";

/** As jest transforms the sources (jest.config.js): what tsc emits for tsconfig.json's target and module. */
const SWC_OPTIONS = { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" }, sourceMaps: false } as const;

export interface BuildBeside {
  /** Waits for the build (synchronously: a synth has no event loop to give back) and says how it ended. */
  wait(): Freshness;
}

/** The build's output for a source file, e.g. `<root>/environments/dev.ts` -> `<root>/dist/environments/dev.js`. */
function outputOf(root: string, source: string): string {
  return path.join(root, "dist", path.relative(root, source).replace(/\.ts$/, ".js"));
}

/**
 * The edited sources as JavaScript, by the build output they stand for; undefined when an edit cannot be run
 * this way, and the command must wait for the build: a file other than a TypeScript module with a build output
 * (configuration, a new file), a module this process already runs (fhi's own start), swc not installed, or a
 * source swc cannot parse (the compiler then says what is wrong).
 */
export function transpiled(root: string, changed: readonly string[]): Map<string, string> | undefined {
  const outputs = changed.map((source) => ({ source, output: outputOf(root, source) }));
  const runnable = ({ source, output }: { source: string; output: string }) =>
    source.endsWith(".ts") && !source.endsWith(".d.ts") && fs.existsSync(output) && require.cache[output] === undefined;
  if (outputs.length === 0 || !outputs.every(runnable)) return undefined;
  let swc: typeof import("@swc/core");
  try {
    swc = require("@swc/core") as typeof import("@swc/core");
  } catch {
    return undefined;
  }
  const modules = new Map<string, string>();
  for (const { source, output } of outputs) {
    try {
      modules.set(output, swc.transformSync(fs.readFileSync(source, "utf8"), { ...SWC_OPTIONS, filename: source }).code);
    } catch {
      return undefined;
    }
  }
  return modules;
}

type Loader = (module: NodeModule & { _compile(code: string, file: string): void }, file: string) => void;

/** Makes `require` load these modules from the given code rather than from their (older) files. */
export function loadFromMemory(modules: ReadonlyMap<string, string>): void {
  const extensions = (nodeModule as unknown as { Module: { _extensions: Record<string, Loader> } }).Module._extensions;
  const fromFile = extensions[".js"];
  extensions[".js"] = (module, file) => {
    const code = modules.get(file);
    if (code === undefined) fromFile(module, file);
    else module._compile(code, file);
  };
}

/**
 * The thread that waits for the compiler, so that the command's thread can go on and later wait for the outcome
 * without an event loop (a synth is synchronous): the outcome is posted, then a flag in shared memory is raised.
 * Node's modules only, so that nothing it loads can keep it from raising the flag.
 */
const BUILD_THREAD = `
const { spawnSync } = require("node:child_process");
const { workerData } = require("node:worker_threads");
const { command, args, env, cwd, port, done } = workerData;
let run;
try {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8" });
  run = { status: result.status, output: (result.stdout ?? "") + (result.stderr ?? ""), ...(result.error ? { error: String(result.error) } : {}) };
} catch (error) {
  run = { status: null, output: "", error: String(error) };
} finally {
  port.postMessage(run);
  const flag = new Int32Array(done);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}
`;

/** Starts the incremental build on a thread of its own. */
export function startBuild(root: string): BuildBeside {
  const startedAt = buildStart();
  const done = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  const { command, args, env } = buildCommand(root, true);
  const worker = new Worker(BUILD_THREAD, { eval: true, workerData: { command, args, env, cwd: root, port: port2, done }, transferList: [port2] });
  worker.unref();
  let outcome: Freshness | undefined;
  return {
    wait: () => {
      if (outcome === undefined) {
        Atomics.wait(new Int32Array(done), 0, 0);
        const run = receiveMessageOnPort(port1)?.message as CompilerRun;
        port1.close();
        outcome = buildOutcome(root, run, startedAt);
      }
      return outcome;
    },
  };
}
