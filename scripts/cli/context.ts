/** What a command may touch of the outside world; tests pass their own to capture output. */
export interface CommandContext {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Set by a command that finished but must exit non-zero (findings, approval needed). */
  exitCode: number;
}
