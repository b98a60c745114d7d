import { Command, CommanderError } from "commander";
import { version } from "../package.json";
import { EXIT, reportError } from "./cli/errors";
import type { CommandContext } from "./cli/context";
import { registerSynth } from "./commands/synth";
import { registerPolicy } from "./commands/policy";
import { registerPreflight } from "./commands/preflight";
import { registerDeploy } from "./commands/deploy";
import { registerGpu } from "./commands/gpu";
import { registerSecrets } from "./commands/secrets";
import { registerReview } from "./commands/review";

/** The `fhi` command tree; every command registers itself here. */
export function buildProgram(context: CommandContext): Command {
  const program = new Command("fhi")
    .description("frontier-health-infra: synthesize, check, review and operate the clinical model's Azure estate")
    .version(`fhi ${version} (node ${process.version})`, "-V, --version", "print the version of fhi and of Node.js")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: context.stdout, writeErr: context.stderr });
  registerSynth(program, context);
  registerPolicy(program, context);
  registerPreflight(program, context);
  registerDeploy(program, context);
  registerGpu(program, context);
  registerSecrets(program, context);
  registerReview(program, context);
  return program;
}

/** Runs one invocation and returns its exit code; never calls process.exit, so tests can run it in-process. */
export async function run(argv: readonly string[], io: Omit<CommandContext, "exitCode">): Promise<number> {
  const context: CommandContext = { ...io, exitCode: EXIT.ok };
  const program = buildProgram(context);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    return reportError(error, io.stderr);
  }
}
