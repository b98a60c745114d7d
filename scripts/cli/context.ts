import type { EnvironmentInput } from "../../environments/schema/config";
import type { ReleaseCatalogInput } from "../../environments/schema/validate";
import type { AzureClientOptions } from "../../ops/clients";

/** What a command may touch of the outside world; tests pass their own to capture output. */
export interface CommandContext {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Set by a command that finished but must exit non-zero (findings, approval needed). */
  exitCode: number;
  /** Secret values and confirmations are read from here; process.stdin when absent. */
  readonly stdin?: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  /** stderr is a terminal: long work (synthesizing two refs) reports its progress there. */
  readonly interactive?: boolean;
  /** Environment variables (telemetry connection string, audit log location); process.env when absent. */
  readonly env?: NodeJS.ProcessEnv;
  /** Relative paths (the audit log) resolve against this; process.cwd() when absent. */
  readonly cwd?: string;
  /** The environments commands operate on; the repository's own (environments/index.ts) when absent. */
  readonly environments?: Readonly<Record<string, EnvironmentInput>>;
  /** The release records environments name; the repository's own (releases/index.ts) when absent. */
  readonly releases?: ReleaseCatalogInput;
  /** How ops commands reach Azure (credential, retries, polling); DefaultAzureCredential and SDK defaults when absent. */
  readonly azure?: AzureClientOptions;
  /**
   * Called by a command that replaces an output directory (synth) once the new output is complete, before it
   * replaces the old one; throwing keeps the old one. `fhi` waits here for a build of the sources it is running
   * beside (cli/build-beside.ts).
   */
  readonly beforePublish?: () => void;
  /** The clock secret ages, expiries and rollout bakes are measured with. */
  readonly now?: () => Date;
}
