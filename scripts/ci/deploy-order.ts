#!/usr/bin/env node
// CI: `node dist/scripts/ci/deploy-order.js <cdktf.out> [environment]` prints the stacks to deploy, one a line, dependencies first.
import { deployOrder } from "../../review/ci/deploy-order";

const [outdir, environment] = process.argv.slice(2);
if (outdir === undefined) {
  process.stderr.write("usage: deploy-order <cdktf.out directory> [environment]\n");
  process.exitCode = 2;
} else {
  try {
    const plan = deployOrder(outdir, environment);
    for (const stack of plan.skipped) process.stderr.write(`skipping ${stack}: local backend (applied by hand)\n`);
    process.stdout.write(plan.order.map((stack) => `${stack}\n`).join(""));
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    process.exitCode = 2;
  }
}
