/**
 * Errors the ops library raises with a message already written for the person at the terminal. The CLI maps
 * `kind` to its exit codes; the library knows nothing of the CLI.
 */
export type OpsErrorKind =
  /** Bad input or a guardrail refusal: nothing was changed. */
  | "refused"
  /** Azure said no, or the operation failed: the message says what state things are in. */
  | "failed"
  /** Stopped by Ctrl-C. */
  | "interrupted";

export class OpsError extends Error {
  constructor(
    message: string,
    readonly kind: OpsErrorKind,
  ) {
    super(message);
    this.name = "OpsError";
  }
}

export const refused = (message: string) => new OpsError(message, "refused");
