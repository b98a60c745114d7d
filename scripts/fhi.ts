#!/usr/bin/env node
import * as fs from "node:fs";
import * as nodeModule from "node:module";
import { changedInputs, rebuild, sourceCheckoutOf, type Freshness } from "./cli/freshness";

const EXIT_USAGE = 2;
const EXIT_INTERNAL = 70;

/**
 * A reader that goes away (`fhi policy rules | head`) closes our stdout: the rest of the output has nowhere to go,
 * which is not an error. Later writes are dropped and the command ends with its own exit code.
 */
function quietWhenClosed(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    closed = true;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}

// V8 keeps the code it compiles for our modules and the libraries they load (cdktf, the provider classes, the
// policy pack) on disk, so that later runs skip parsing and compiling them: a third to half of start-up
// (docs/performance.md). Keyed by file content and Node version; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
nodeModule.enableCompileCache?.();

const started = Date.now();
const entryChangedByBuild = () => fs.statSync(__filename).mtimeMs >= started || fs.statSync(require.resolve("./cli/freshness")).mtimeMs >= started;

interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly interactive: boolean;
}

/** A type error: `what` fhi did about it (it did not run, or it kept what it would have replaced). */
const brokenBuild = (output: string, what = "fhi did not run (its last build would not match the files on disk)") =>
  `error: the sources do not compile, so ${what}:\n${output}\nFix: correct the errors above (npm run typecheck lists them too), then run the command again\n`;

function runCommand(argv: readonly string[], io: Io, beforePublish?: () => void): Promise<number> {
  const { run } = require("./program") as typeof import("./program");
  return run(argv, { ...io, ...(beforePublish ? { beforePublish } : {}) }).catch((error: unknown) => {
    io.stderr(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_INTERNAL;
  });
}

/**
 * Runs the command on the edited sources while the build type-checks them (cli/build-beside.ts). What it prints
 * is held back until the build is done, and what it would replace waits for it: if the sources do not compile,
 * the command's output is dropped and it ends as on any type error.
 */
function runBesideBuild(argv: readonly string[], io: Io, build: import("./cli/build-beside").BuildBeside): void {
  const held: [(text: string) => void, string][] = [];
  const hold = { stdout: (text: string) => held.push([io.stdout, text]), stderr: (text: string) => held.push([io.stderr, text]), interactive: io.interactive };
  const beforePublish = () => {
    if (build.wait().state === "broken") throw new Error("the sources do not compile: the output was not replaced");
  };
  void runCommand(argv, hold, beforePublish).then((code) => {
    const outcome = build.wait();
    if (outcome.state === "broken") {
      io.stderr(brokenBuild(outcome.output, "fhi kept its previous output (what it wrote would not match the files on disk)"));
      process.exitCode = EXIT_USAGE;
      return;
    }
    for (const [write, text] of held) write(text);
    process.exitCode = code;
  });
}

/** The first word that is not an option: the command (as scripts/program.ts reads it). */
const commandOf = (argv: readonly string[]) => argv.find((arg) => !arg.startsWith("-"));

/**
 * Brings `dist/` up to date with the sources before the command runs; or, for a synth after an edit, starts the
 * command beside the build (a synth replaces its output only at the end, which can wait for the build). Undefined
 * when the command is already running.
 */
function freshBuildFor(root: string, argv: readonly string[], io: Io): Freshness | undefined {
  const changed = changedInputs(root);
  if (changed !== "unbuilt" && changed.length === 0) return { state: "fresh" };
  if (changed === "unbuilt" || commandOf(argv) !== "synth") return rebuild(root);
  const { startBuild, transpiled, loadFromMemory } = require("./cli/build-beside") as typeof import("./cli/build-beside");
  const build = startBuild(root);
  const modules = transpiled(root, changed);
  if (modules === undefined) return build.wait();
  loadFromMemory(modules);
  runBesideBuild(argv, io, build);
  return undefined;
}

function main(): void {
  const argv = process.argv.slice(2);
  const io: Io = { stdout: quietWhenClosed(process.stdout), stderr: quietWhenClosed(process.stderr), interactive: process.stderr.isTTY === true };
  const root = sourceCheckoutOf(__filename);
  const freshness = root === undefined ? ({ state: "fresh" } as const) : freshBuildFor(root, argv, io);
  if (freshness === undefined) return;
  if (freshness.state === "broken") {
    io.stderr(brokenBuild(freshness.output));
    process.exitCode = EXIT_USAGE;
    return;
  }
  // Only this file and the freshness check were loaded before the build: the command's modules come from the
  // new build. Should the build have changed this very file, the new one runs in a process of its own.
  if (freshness.state === "rebuilt" && entryChangedByBuild()) {
    const { spawnSync } = require("node:child_process") as typeof import("node:child_process");
    const rerun = spawnSync(process.execPath, [__filename, ...argv], { stdio: "inherit" });
    process.exitCode = rerun.status ?? EXIT_INTERNAL;
    return;
  }
  void runCommand(argv, io).then((code) => {
    process.exitCode = code;
  });
}

main();
