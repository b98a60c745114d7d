import * as fs from "node:fs";
import * as path from "node:path";
import { ENVIRONMENTS } from "../environments";
import type { Environment } from "../environments/schema/config";
import { ConfigError, validateEnvironment, type ConfigProblem } from "../environments/schema/validate";
import { buildApp } from "./app";

export interface SynthOptions {
  /** Environment names to synthesize; all of them when empty. */
  readonly environments?: readonly string[];
  /** Where the Terraform JSON goes; replaced as a whole only when synthesis succeeds. */
  readonly outdir: string;
  /** Progress lines for a person watching (stderr in the CLI). */
  readonly log?: (line: string) => void;
}

export interface SynthesizedStack {
  readonly stack: string;
  readonly environment: string;
  readonly region: string;
  readonly resources: number;
  /** Path of the stack's `cdk.tf.json`. */
  readonly file: string;
  /** Policy findings recorded as annotations during synth (errors stop synth, so a written stack has none). */
  readonly policyErrors: number;
  readonly policyWarnings: number;
}

/** The environments to synthesize, validated; throws ConfigError listing every problem of every one of them. */
export function loadEnvironments(names: readonly string[] = []): Environment[] {
  const known = Object.keys(ENVIRONMENTS);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new ConfigError(
      unknown.map((name) => ({ environment: name, path: "--env", message: `no such environment. Fix: use one of ${known.join(", ")}` })),
    );
  }
  const selected = names.length > 0 ? [...new Set(names)] : known;
  const problems: ConfigProblem[] = [];
  const environments: Environment[] = [];
  for (const name of selected) {
    const result = validateEnvironment(ENVIRONMENTS[name], name);
    if (result.ok) environments.push(result.environment);
    else problems.push(...result.problems);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return environments;
}

/**
 * Validates, then synthesizes the environments into `outdir`. Nothing is written when the config is invalid
 * or synthesis fails: the output is built in a sibling directory and swapped in at the end.
 */
export function synthesize(options: SynthOptions): SynthesizedStack[] {
  const log = options.log ?? (() => undefined);
  const environments = loadEnvironments(options.environments);
  log(`validated ${environments.map((env) => env.name).join(", ")}`);
  return synthesizeValidated(environments, options.outdir, log);
}

export function synthesizeValidated(environments: readonly Environment[], outdir: string, log: (line: string) => void = () => undefined): SynthesizedStack[] {
  const target = path.resolve(outdir);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = fs.mkdtempSync(`${target}.staging-`);
  try {
    withoutTokenCreationTraces(() => buildApp(environments, staging).synth());
    log(`synthesized into ${outdir}`);
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(staging, target);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  return readSynthesizedStacks(target);
}

/**
 * cdktf records a full, unlimited-depth stack trace on every token it creates, only to quote it if the token
 * later fails to resolve; formatting those traces was a third of synth time (docs/performance.md). While `run`
 * executes, traces requested for plain objects (cdktf's holders) come back empty; real `Error`s keep theirs.
 */
export function withoutTokenCreationTraces<T>(run: () => T): T {
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (error, frames) => {
    if (!(error instanceof Error)) return "";
    return previous ? previous(error, frames) : `${String(error)}\n${frames.map((frame) => `    at ${String(frame)}`).join("\n")}`;
  };
  try {
    return run();
  } finally {
    Error.prepareStackTrace = previous;
  }
}

interface Manifest {
  readonly stacks: Record<string, { readonly synthesizedStackPath: string; readonly annotations?: readonly { readonly level: string; readonly message: string }[] }>;
}

/** Counts the policy pack's annotations (`[FHI-...]`) of one level, e.g. `@cdktf/warn`. */
function policyFindings(annotations: Manifest["stacks"][string]["annotations"], level: string): number {
  return (annotations ?? []).filter((annotation) => annotation.level === level && annotation.message.startsWith("[FHI-")).length;
}

interface TerraformJson {
  readonly resource?: Record<string, Record<string, unknown>>;
  readonly "//"?: { readonly metadata?: { readonly stackName?: string } };
}

/** Reads a cdktf output directory back: one row per stack, from the artefact itself. */
export function readSynthesizedStacks(outdir: string): SynthesizedStack[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as Manifest;
  return Object.entries(manifest.stacks).map(([stack, entry]) => {
    const file = path.join(outdir, entry.synthesizedStackPath);
    const json = JSON.parse(fs.readFileSync(file, "utf8")) as TerraformJson;
    const resources = Object.values(json.resource ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
    const [environment, ...rest] = stack.split("-");
    const region = rest.length > 1 ? rest.slice(0, -1).join("-") : "global";
    return {
      stack,
      environment,
      region,
      resources,
      file,
      policyErrors: policyFindings(entry.annotations, "@cdktf/error"),
      policyWarnings: policyFindings(entry.annotations, "@cdktf/warn"),
    };
  });
}
