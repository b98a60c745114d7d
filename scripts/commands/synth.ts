import type { Command } from "commander";
import { formatTable } from "../cli/table";
import type { CommandContext } from "../cli/context";

const DEFAULT_OUTDIR = "cdktf.out";

export function registerSynth(program: Command, context: CommandContext): void {
  program
    .command("synth")
    .description("validate the environment config and synthesize Terraform JSON for every stack (no network, no credentials)")
    .option("-e, --env <name...>", "environments to synthesize (default: all)")
    .option("-o, --outdir <dir>", "output directory; cdktf's CDKTF_OUTDIR wins when cdktf runs this", DEFAULT_OUTDIR)
    .action((options: { env?: string[]; outdir: string }) => {
      // Loaded on use: the provider classes are the heavy part of start-up, and `fhi --help` needs none of them.
      const { synthesize } = require("../../stacks/synth") as typeof import("../../stacks/synth");
      const outdir = process.env.CDKTF_OUTDIR ?? options.outdir;
      const stacks = synthesize({ environments: options.env, outdir, log: (line) => context.stderr(`${line}\n`) });
      context.stdout(
        `${formatTable(
          ["stack", "environment", "region", "resources", "policy errors", "policy warnings"],
          stacks.map((s) => [s.stack, s.environment, s.region, s.resources, s.policyErrors, s.policyWarnings]),
        )}\n\n${stacks.length} stacks, ${stacks.reduce((sum, s) => sum + s.resources, 0)} resources in ${outdir}\n`,
      );
    });
}
