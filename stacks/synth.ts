import * as fs from "node:fs";
import * as path from "node:path";
import { ENVIRONMENTS } from "../environments";
import type { Environment } from "../environments/schema/config";
import { ConfigError, validateEnvironment, validateReleases, type ConfigProblem } from "../environments/schema/validate";
import { buildApp } from "./app";
import { preflightPaths } from "../policies/preflight";

export interface SynthOptions {
  /** Environment names to synthesize; all of them when empty. */
  readonly environments?: readonly string[];
  /** Where the Terraform JSON goes: a new or empty directory, or the output of an earlier synth (see `checkOutdir`). */
  readonly outdir: string;
  /** Progress lines for a person watching (stderr in the CLI). */
  readonly log?: (line: string) => void;
  /** The working directory an output directory may not be or contain; process.cwd() when absent. */
  readonly cwd?: string;
  /** Called once the new output is complete, before it replaces the old one; throwing keeps the old one. */
  readonly beforePublish?: () => void;
}

export interface SynthesizedStack {
  readonly stack: string;
  readonly environment: string;
  readonly region: string;
  readonly resources: number;
  /** Path of the stack's `cdk.tf.json`. */
  readonly file: string;
  /** Policy findings recorded as annotations during synth. */
  readonly policyErrors: number;
  readonly policyWarnings: number;
  /** Preflight findings (what would fail at apply time) of error severity. */
  readonly preflightErrors: number;
}

/** One error or warning annotation of a synthesized stack (a policy finding when it starts with `[FHI-`). */
export interface SynthAnnotation {
  readonly stack: string;
  readonly level: "error" | "warning";
  readonly message: string;
}

/** An output directory that synth will not write to; nothing was written or deleted. */
export class OutdirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutdirError";
  }
}

/**
 * The policy or preflight gate failed: the output was written (so `fhi policy check`, `fhi preflight` and `fhi review`
 * can show the findings), but it must not be deployed. Raised whatever CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS says.
 */
export class PolicyGateError extends Error {
  constructor(
    readonly stacks: readonly SynthesizedStack[],
    readonly errors: readonly SynthAnnotation[],
  ) {
    super(`${errors.length} error annotation(s) in ${new Set(errors.map((error) => error.stack)).size} stack(s)`);
    this.name = "PolicyGateError";
  }
}

/**
 * The environments to synthesize, validated with the release records they name; throws ConfigError listing every
 * problem of every one of them, and of any release record, once.
 */
export function loadEnvironments(names: readonly string[] = []): Environment[] {
  const known = Object.keys(ENVIRONMENTS);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new ConfigError(
      unknown.map((name) => ({ environment: name, path: "--env", message: `no such environment. Fix: use one of ${known.join(", ")}` })),
    );
  }
  const selected = names.length > 0 ? [...new Set(names)] : known;
  const problems: ConfigProblem[] = [...validateReleases()];
  const environments: Environment[] = [];
  for (const name of selected) {
    const result = validateEnvironment(ENVIRONMENTS[name], name);
    if (result.ok) environments.push(result.environment);
    else problems.push(...result.problems.filter((problem) => !problems.includes(problem)));
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return environments;
}

/**
 * Validates, then synthesizes the environments into `outdir`. Nothing is written when the config is invalid,
 * the output directory is refused, or synthesis fails: the output is built in a sibling directory and swapped
 * in at the end. Throws PolicyGateError (after writing) when any stack carries an error annotation.
 */
export function synthesize(options: SynthOptions): SynthesizedStack[] {
  const log = options.log ?? (() => undefined);
  const environments = loadEnvironments(options.environments);
  log(`validated ${environments.map((env) => env.name).join(", ")}`);
  return synthesizeValidated(environments, options.outdir, log, options.cwd, options.beforePublish);
}

export function synthesizeValidated(
  environments: readonly Environment[],
  outdir: string,
  log: (line: string) => void = () => undefined,
  cwd = process.cwd(),
  beforePublish: () => void = () => undefined,
): SynthesizedStack[] {
  const target = checkOutdir(outdir, cwd);
  let staging: string;
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    staging = fs.mkdtempSync(`${target}.staging-`);
  } catch (error) {
    throw new OutdirError(`--outdir ${outdir}: cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Fix: name a directory in a writable place`);
  }
  try {
    withoutTokenCreationTraces(() => withSynthSettings(() => buildApp(environments, staging)).synth());
    beforePublish();
    log(`synthesized into ${outdir}`);
    replaceOutput(target, staging);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  const preflight = preflightFindings(target);
  const stacks = readSynthesizedStacks(target).map((stack) => ({ ...stack, preflightErrors: preflight.filter((finding) => finding.stack === stack.stack).length }));
  const errors = [...readAnnotations(target).filter((annotation) => annotation.level === "error"), ...preflight];
  if (errors.length > 0) throw new PolicyGateError(stacks, errors);
  return stacks;
}

/** The preflight pack over the written output, as annotations: what would fail when the stacks are applied. */
function preflightFindings(outdir: string): SynthAnnotation[] {
  return preflightPaths([outdir])
    .results.filter((result) => result.status === "fail" && result.severity === "error")
    .map((result) => ({ stack: result.stack ?? "(no stack)", level: "error", message: `[${result.ruleId}] ${result.address}: ${result.message} (fhi preflight --rules; docs/PREFLIGHT.md)` }));
}

/**
 * cdktf reads two variables when a stack is constructed: CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS (which cdktf's
 * own error message suggests, and `cdktf synth` always sets) and SYNTH_HCL_OUTPUT. Our gate must not depend on
 * either: every stack is written as JSON and judged from its manifest afterwards (all stacks' errors at once).
 */
function withSynthSettings<T>(build: () => T): T {
  const settings: Record<string, string | undefined> = { CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: "true", SYNTH_HCL_OUTPUT: undefined };
  const previous = Object.fromEntries(Object.keys(settings).map((name) => [name, process.env[name]]));
  const assign = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  assign(settings);
  try {
    return build();
  } finally {
    assign(previous);
  }
}

const isInside = (child: string, parent: string) => {
  const relative = path.relative(parent, child);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
};

/**
 * Where synth may write: a path that does not exist, an empty directory, or the output of an earlier synth
 * (recognised by cdktf's manifest). Never the working directory or one of its parents, a file, a symbolic link,
 * or a directory of other things: those are refused (OutdirError) before anything is written. Returns the
 * absolute path.
 */
export function checkOutdir(outdir: string, cwd: string): string {
  if (outdir.trim() === "") throw new OutdirError('--outdir is empty (or CDKTF_OUTDIR is set to ""). Fix: name a directory for the output, e.g. cdktf.out');
  const target = path.resolve(cwd, outdir);
  if (isInside(fs.realpathSync(cwd), target) || isInside(cwd, target)) {
    throw new OutdirError(`--outdir ${outdir} is the working directory or one of its parents; synth replaces its output directory. Fix: use a directory of its own, e.g. cdktf.out`);
  }
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(target);
  } catch {
    return target; // does not exist yet
  }
  if (stat.isSymbolicLink()) throw new OutdirError(`--outdir ${outdir} is a symbolic link. Fix: name the directory it points to, or another one`);
  if (!stat.isDirectory()) throw new OutdirError(`--outdir ${outdir} is a file, not a directory. Fix: name a new or empty directory, or an earlier synth output`);
  if (fs.readdirSync(target).length > 0 && readManifest(target) === undefined) {
    throw new OutdirError(`--outdir ${outdir} is a directory with other content (no cdktf manifest.json in it), which synth would replace. Fix: name a new or empty directory, or an earlier synth output`);
  }
  return target;
}

/** The files synth wrote into an earlier output, relative to it: the manifest and each stack's files. */
function filesWeWrote(outdir: string): Set<string> {
  const manifest = readManifest(outdir);
  const files = new Set(["manifest.json"]);
  for (const entry of Object.values(manifest?.stacks ?? {})) {
    for (const file of [entry.synthesizedStackPath, entry.stackMetadataPath]) if (file) files.add(path.normalize(file));
  }
  return files;
}

/** Every file under `dir` (relative paths), not following links. */
function listFiles(dir: string, prefix = ""): string[] {
  return fs.readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(prefix, entry.name);
    return entry.isDirectory() ? listFiles(dir, relative) : [relative];
  });
}

/**
 * Swaps the new output in. Files of the old output that synth did not write (Terraform's `.terraform/`, a
 * bootstrap stack's local state, notes) are moved into the new output at the same place, never deleted.
 */
function replaceOutput(target: string, staging: string): void {
  if (fs.existsSync(target)) {
    const ours = filesWeWrote(target);
    for (const file of listFiles(target).filter((file) => !ours.has(file))) {
      const destination = path.join(staging, file);
      if (fs.existsSync(destination)) continue; // the new output writes a file of that name: the old one is ours after all
      fs.mkdirSync(path.dirname(destination), { recursive: true });
      fs.renameSync(path.join(target, file), destination);
    }
    fs.rmSync(target, { recursive: true, force: true });
  }
  fs.renameSync(staging, target);
}

/**
 * cdktf records a full, unlimited-depth stack trace on every token it creates, only to quote it if the token
 * later fails to resolve; formatting those traces was a third of synth time, and capturing their frames another
 * 7% (docs/performance.md). While `run` executes, plain objects (cdktf's holders) get no trace: none is captured
 * for them, and any asked for comes back empty. Real `Error`s keep theirs.
 */
export function withoutTokenCreationTraces<T>(run: () => T): T {
  const previous = Error.prepareStackTrace;
  const capture = Error.captureStackTrace;
  Error.prepareStackTrace = (error, frames) => {
    if (!(error instanceof Error)) return "";
    return previous ? previous(error, frames) : `${String(error)}\n${frames.map((frame) => `    at ${String(frame)}`).join("\n")}`;
  };
  Error.captureStackTrace = (target, below) => {
    if (target instanceof Error) capture(target, below);
  };
  try {
    return run();
  } finally {
    Error.prepareStackTrace = previous;
    Error.captureStackTrace = capture;
  }
}

interface ManifestEntry {
  readonly synthesizedStackPath: string;
  readonly stackMetadataPath?: string;
  readonly annotations?: readonly { readonly level: string; readonly message: string }[];
}

interface Manifest {
  readonly version: string;
  readonly stacks: Record<string, ManifestEntry>;
}

/** cdktf's manifest of an output directory, or undefined when there is none (or it is not cdktf's). */
function readManifest(outdir: string): Manifest | undefined {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as Partial<Manifest>;
    return typeof manifest.version === "string" && typeof manifest.stacks === "object" && manifest.stacks !== null ? (manifest as Manifest) : undefined;
  } catch {
    return undefined;
  }
}

const ANNOTATION_LEVELS: Record<string, SynthAnnotation["level"]> = { "@cdktf/error": "error", "@cdktf/warn": "warning" };

/** The error and warning annotations of every stack of an output directory, in stack order. */
export function readAnnotations(outdir: string): SynthAnnotation[] {
  return Object.entries(readManifest(outdir)?.stacks ?? {}).flatMap(([stack, entry]) =>
    (entry.annotations ?? []).flatMap((annotation) => {
      const level = ANNOTATION_LEVELS[annotation.level];
      return level ? [{ stack, level, message: annotation.message }] : [];
    }),
  );
}

/** Counts the policy pack's annotations (`[FHI-...]`) of one level. */
function policyFindings(annotations: ManifestEntry["annotations"], level: string): number {
  return (annotations ?? []).filter((annotation) => annotation.level === level && annotation.message.startsWith("[FHI-")).length;
}

interface TerraformJson {
  readonly resource?: Record<string, Record<string, unknown>>;
  readonly "//"?: { readonly metadata?: { readonly stackName?: string } };
}

/** Reads a cdktf output directory back: one row per stack, from the artefact itself. */
export function readSynthesizedStacks(outdir: string): SynthesizedStack[] {
  const manifest = readManifest(outdir);
  if (!manifest) throw new OutdirError(`${outdir} has no cdktf manifest.json: it is not a synthesized output`);
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
      preflightErrors: 0,
    };
  });
}
