#!/usr/bin/env node
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as nodeModule from "node:module";
import { ensureFreshBuild, sourceCheckoutOf } from "./cli/freshness";

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

function main(): void {
  const argv = process.argv.slice(2);
  const stderr = quietWhenClosed(process.stderr);
  const root = sourceCheckoutOf(__filename);
  const freshness = root ? ensureFreshBuild(root) : ({ state: "fresh" } as const);
  if (freshness.state === "broken") {
    stderr(`error: the sources do not compile, so fhi did not run (its last build would not match the files on disk):\n${freshness.output}\nFix: correct the errors above (npm run typecheck lists them too), then run the command again\n`);
    process.exitCode = EXIT_USAGE;
    return;
  }
  // Only this file and the freshness check were loaded before the build: the command's modules come from the
  // new build. Should the build have changed this very file, the new one runs in a process of its own.
  if (freshness.state === "rebuilt" && entryChangedByBuild()) {
    const rerun = spawnSync(process.execPath, [__filename, ...argv], { stdio: "inherit" });
    process.exitCode = rerun.status ?? EXIT_INTERNAL;
    return;
  }
  const { run } = require("./program") as typeof import("./program");
  run(argv, { stdout: quietWhenClosed(process.stdout), stderr, interactive: process.stderr.isTTY === true }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      stderr(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = EXIT_INTERNAL;
    },
  );
}

main();
