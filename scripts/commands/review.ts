import * as path from "node:path";
import { Option, type Command } from "commander";
import { EXIT, UserError } from "../cli/errors";
import { writeOutputFile } from "../cli/output";
import type { CommandContext } from "../cli/context";

interface ReviewFlags {
  base?: string;
  head?: string;
  before?: string;
  after?: string;
  plan?: string;
  env?: string[];
  format: "text" | "markdown" | "json";
  output?: string;
  requireApproval: "never" | "broadening" | "any-change";
}

type Source = import("../../review").ReviewSource;

function sourceOf(flags: ReviewFlags, cwd: string, progress: ((line: string) => void) | undefined, warn: (line: string) => void): Source {
  const refs = flags.base !== undefined || flags.head !== undefined;
  const outputs = flags.before !== undefined || flags.after !== undefined;
  const plan = flags.plan !== undefined;
  if ([refs, outputs, plan].filter(Boolean).length > 1) throw new UserError("use one of --base/--head, --before/--after or --plan, not several");
  if (outputs) {
    if (flags.before === undefined || flags.after === undefined) throw new UserError("--before and --after go together: pass both (two cdktf.out directories or two *.tf.json files)");
    return { kind: "outputs", before: path.resolve(cwd, flags.before), after: path.resolve(cwd, flags.after) };
  }
  if (plan) {
    if (flags.env !== undefined) throw new UserError("--env selects synthesized stacks; a plan has none. Fix: drop --env, or plan only that environment");
    return { kind: "plan", file: path.resolve(cwd, flags.plan!) };
  }
  return { kind: "refs", cwd, base: flags.base, head: flags.head, progress, warn };
}

export function registerReview(program: Command, context: CommandContext): void {
  program
    .command("review")
    .description("security review of an infrastructure change: per-stack changes, replacements, broadening, policy delta")
    .option("--base <ref>", "git ref to compare from (default: merge-base with origin/main or main)")
    .option("--head <ref>", "git ref to compare to (default: the working tree)")
    .option("--before <path>", "synthesized output before the change (cdktf.out directory or *.tf.json)")
    .option("--after <path>", "synthesized output after the change")
    .option("--plan <file>", "a Terraform plan as JSON (terraform show -json <planfile>)")
    .option("-e, --env <name...>", "only these environments' stacks (default: all)")
    .addOption(new Option("--format <format>", "report format").choices(["text", "markdown", "json"]).default("text"))
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .addOption(
      new Option("--require-approval <mode>", "exit 1 when approval is needed: never, broadening (any broadening change), any-change")
        .choices(["never", "broadening", "any-change"])
        .default("never"),
    )
    .action(async (flags: ReviewFlags) => {
      const cwd = context.cwd ?? process.cwd();
      const source = sourceOf(flags, cwd, context.interactive ? (line) => context.stderr(`${line}\n`) : undefined, (line) => context.stderr(`warning: ${line}\n`));
      // Loaded on use: `fhi --help` and the other commands need none of the review code.
      const review = require("../../review") as typeof import("../../review");
      const { InputError } = require("../../policies/adapters") as typeof import("../../policies/adapters");
      let result: import("../../review").Review;
      try {
        result = await review.runReview({ source, environments: flags.env ?? [] });
      } catch (error) {
        if (error instanceof review.ReviewInputError || error instanceof InputError) throw new UserError(error.message);
        throw error;
      }
      const render = { text: review.renderText, markdown: review.renderMarkdown, json: review.renderJson }[flags.format];
      const report = render(result);
      if (flags.output !== undefined) {
        writeOutputFile(path.resolve(cwd, flags.output), report);
        const s = result.summary;
        context.stdout(`wrote ${flags.output}: ${s.create + s.update + s.replace + s.destroy + s.move} change(s), ${s.broadening} broadening\n`);
      } else context.stdout(report);
      if (review.approvalNeeded(result, flags.requireApproval)) {
        context.stderr(`approval required (--require-approval ${flags.requireApproval}): ${result.summary.broadening} broadening change(s)\n`);
        context.exitCode = EXIT.failed;
      }
    });
}
