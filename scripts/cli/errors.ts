import { ConfigError, formatProblem } from "../../environments/schema/problems";

/** Exit codes every `fhi` command keeps: scripts and CI depend on them. */
export const EXIT = {
  ok: 0,
  /** The command ran and found something that fails the gate (findings, approval needed, drift, ...). */
  failed: 1,
  /** Bad usage or bad input: nothing was done. */
  usage: 2,
} as const;

/** An error whose message is already written for the person at the terminal. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
    this.name = "UserError";
  }
}

/** Prints an error the way every command does and returns the exit code it maps to. */
export function reportError(error: unknown, write: (text: string) => void): number {
  if (error instanceof ConfigError) {
    write(`error: ${error.problems.length} problem(s) in the environment config; nothing was done:\n`);
    for (const problem of error.problems) write(`  - ${formatProblem(problem)}\n`);
    return EXIT.usage;
  }
  if (error instanceof UserError) {
    write(`error: ${error.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  write(`error: ${message}\n`);
  return EXIT.failed;
}
