import { Command, CommanderError } from "commander";
import { version } from "../package.json";
import { EXIT, reportError } from "./cli/errors";
import type { CommandContext } from "./cli/context";

type Register = (program: Command, context: CommandContext) => void;

/**
 * Every command, in help order, each loaded on use: a command module loads the libraries its options name (the
 * policy pack, the Azure SDK clients), and one invocation runs one command.
 */
const COMMANDS: Readonly<Record<string, () => Register>> = {
  synth: () => (require("./commands/synth") as typeof import("./commands/synth")).registerSynth,
  policy: () => (require("./commands/policy") as typeof import("./commands/policy")).registerPolicy,
  preflight: () => (require("./commands/preflight") as typeof import("./commands/preflight")).registerPreflight,
  deploy: () => (require("./commands/deploy") as typeof import("./commands/deploy")).registerDeploy,
  gpu: () => (require("./commands/gpu") as typeof import("./commands/gpu")).registerGpu,
  rollout: () => (require("./commands/rollout") as typeof import("./commands/rollout")).registerRollout,
  secrets: () => (require("./commands/secrets") as typeof import("./commands/secrets")).registerSecrets,
  review: () => (require("./commands/review") as typeof import("./commands/review")).registerReview,
};

/** The commands an invocation needs: the one it names, or all of them (help, a misspelt command's suggestions). */
function commandsFor(argv: readonly string[] | undefined): string[] {
  const named = argv?.find((arg) => !arg.startsWith("-"));
  return named !== undefined && Object.hasOwn(COMMANDS, named) ? [named] : Object.keys(COMMANDS);
}

/** The `fhi` command tree; every command registers itself here (only the one `argv` names, when given). */
export function buildProgram(context: CommandContext, argv?: readonly string[]): Command {
  const program = new Command("fhi")
    .description("frontier-health-infra: synthesize, check, review and operate the clinical model's Azure estate")
    .version(`fhi ${version} (node ${process.version})`, "-V, --version", "print the version of fhi and of Node.js")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: context.stdout, writeErr: context.stderr });
  for (const name of commandsFor(argv)) COMMANDS[name]()(program, context);
  return program;
}

/** Runs one invocation and returns its exit code; never calls process.exit, so tests can run it in-process. */
export async function run(argv: readonly string[], io: Omit<CommandContext, "exitCode">): Promise<number> {
  const context: CommandContext = { ...io, exitCode: EXIT.ok };
  const program = buildProgram(context, argv);
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
