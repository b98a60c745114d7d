/** What the ops commands (`gpu`, `secrets`) share: building clients, confirmation, tracing, error mapping. */
import * as path from "node:path";
import * as readline from "node:readline";
import type { Environment } from "../../environments/schema/config";
import { AzureClients, extraCaCertificatesFrom } from "../../ops/clients";
import { CLOUD_CONFIG_ENV, loadCloudConfig, loadEnvironment } from "../../ops/environment";
import { OpsError, refused } from "../../ops/errors";
import { auditLogPath } from "../../ops/audit";
import { today } from "../../environments/schema/today";
import { ConfigError } from "../../environments/schema/validate";
import { CONNECTION_STRING_ENV, traced } from "../../ops/telemetry";
import type { CommandContext } from "./context";
import { EXIT, UserError } from "./errors";

/** 128 + SIGINT, as shells report a process ended by Ctrl-C. */
const EXIT_INTERRUPTED = 130;

const processEnv = (context: CommandContext): NodeJS.ProcessEnv => context.env ?? process.env;

/** The options every ops command takes to find its environment. */
export interface EnvironmentOptions {
  readonly env: string;
  /** A cloud config file replacing the environment's `cloud`; FHI_CLOUD_CONFIG when absent. */
  readonly cloudConfig?: string;
}

export const CLOUD_CONFIG_HELP = `JSON file with the cloud's endpoints, replacing the environment's cloud (default: $${CLOUD_CONFIG_ENV})`;

/**
 * The environment, validated against the release records on the day (FHI_TODAY from the command's environment, else
 * its clock), with its cloud replaced when a cloud config file is named.
 */
export function environmentFor(context: CommandContext, options: EnvironmentOptions): Environment {
  const day = today(processEnv(context), context.now);
  if (!day.ok) throw new ConfigError([day.problem]);
  const environment = loadEnvironment(options.env, context.environments, { releases: context.releases, today: day.date });
  const file = options.cloudConfig ?? processEnv(context)[CLOUD_CONFIG_ENV];
  if (!file) return environment;
  return { ...environment, cloud: loadCloudConfig(path.resolve(context.cwd ?? process.cwd(), file)) };
}

export function clientsFor(context: CommandContext, environment: Environment): AzureClients {
  const options = context.azure ?? {};
  return new AzureClients(environment, { ...options, extraCaCertificates: options.extraCaCertificates ?? extraCaCertificatesFrom(processEnv(context)) });
}

export function auditFileFor(context: CommandContext, flag: string | undefined): string {
  return auditLogPath(flag, processEnv(context), context.cwd ?? process.cwd());
}

const EXIT_FOR_KIND = { refused: EXIT.usage, failed: EXIT.failed, interrupted: EXIT_INTERRUPTED } as const;

/** Runs an ops command as one trace, turning the library's errors into the CLI's exit codes. */
export async function runOpsCommand(context: CommandContext, command: string, environment: string, body: () => Promise<void>): Promise<void> {
  try {
    const env = processEnv(context);
    const telemetry = { connectionString: env[CONNECTION_STRING_ENV], extraCaCertificates: context.azure?.extraCaCertificates ?? extraCaCertificatesFrom(env) };
    await traced(command, telemetry, { "fhi.command": command, "fhi.environment": environment }, context.stderr, body);
  } catch (error) {
    if (error instanceof OpsError) throw new UserError(error.message, EXIT_FOR_KIND[error.kind]);
    throw error;
  }
}

/** In scripts and pipelines there is nobody to ask, so only --yes proceeds: said before anything is read or sent. */
export function requireSomeoneToConfirm(context: CommandContext, yes: boolean): void {
  if (!yes && !(context.stdin ?? process.stdin).isTTY) {
    throw refused("not confirmed: stdin is not a terminal, so there is nobody to ask. Fix: review the change with --dry-run, then pass --yes");
  }
}

/** Asks on a terminal (after showing the change); refuses where nobody can answer. */
export async function confirm(context: CommandContext, question: string, yes: boolean, signal: AbortSignal): Promise<void> {
  if (yes) return;
  requireSomeoneToConfirm(context, yes);
  const input = context.stdin ?? process.stdin;
  const rl = readline.createInterface({ input, terminal: false });
  context.stderr(`${question} [y/N] `);
  // Ctrl-C at the prompt is a "no" (and is recorded as an interruption by the caller).
  const answer = await new Promise<string>((resolve) => {
    rl.once("line", resolve).once("close", () => resolve(""));
    signal.addEventListener("abort", () => resolve(""), { once: true });
  });
  rl.close();
  if (!/^y(es)?$/i.test(answer.trim())) throw refused("not confirmed; nothing was changed");
}
