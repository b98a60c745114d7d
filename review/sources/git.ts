import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ReviewInputError } from "../errors";
import { cachedOutput, cacheKey, storeOutput } from "./cache";

/**
 * Synthesizes one checkout (a git worktree of a ref, or the working tree itself) into `outdir`. Injectable so
 * that tests can stand in a cheap synthesizer; the default compiles the checkout's own sources and runs its
 * own `fhi synth`.
 */
export type CheckoutSynthesizer = (checkout: CheckoutToSynthesize) => Promise<void>;

export interface CheckoutToSynthesize {
  /** The sources: a temporary worktree, or the repository's working tree. */
  readonly directory: string;
  /** Where the Terraform JSON must go (a cdktf.out-like directory with manifest.json). */
  readonly outdir: string;
  /** Scratch space for this checkout only (a compiled copy, logs). */
  readonly scratch: string;
  /** A `node_modules` that resolves from `directory` and `scratch` (the repository's own, linked). */
  readonly nodeModules: string;
  readonly environments: readonly string[];
  /** For messages: `main (abc1234)` or `working tree`. */
  readonly label: string;
  /** The repository's working tree itself, whose own build (`dist/`, kept fresh by `fhi`) can synthesize it. */
  readonly workingTree?: boolean;
}

export interface RefOutputs {
  readonly base: string;
  readonly head: string;
  readonly baseLabel: string;
  readonly headLabel: string;
}

export interface GitRefOptions {
  /** Any directory inside the repository. */
  readonly cwd: string;
  /** Base ref; default: merge-base of HEAD with origin/main, else main. */
  readonly base?: string;
  /** Head ref; default: the working tree (uncommitted changes included). */
  readonly head?: string;
  readonly environments?: readonly string[];
  readonly synthesize?: CheckoutSynthesizer;
  /** Parent of the temporary directory; os.tmpdir() when absent. */
  readonly tmpdir?: string;
  /** Told what is being synthesized and when it is done, for a person watching (each side takes seconds). */
  readonly progress?: (line: string) => void;
  /** Told what the user should know though the review goes on (a damaged cache entry). */
  readonly warn?: (line: string) => void;
  /**
   * Where the synthesized outputs of commits are kept between reviews (see cache.ts), or false for nowhere. Default:
   * $FHI_REVIEW_CACHE (`off` for nowhere), else `node_modules/.cache/fhi-review` of the repository when the default
   * synthesizer runs; a custom synthesizer is cached only where this names.
   */
  readonly cacheDirectory?: string | false;
}

export const REVIEW_CACHE_ENV = "FHI_REVIEW_CACHE";

function cacheDirectoryFor(options: GitRefOptions, root: string): string | undefined {
  if (options.cacheDirectory !== undefined) return options.cacheDirectory === false ? undefined : options.cacheDirectory;
  if (options.synthesize !== undefined) return undefined;
  const fromEnv = process.env[REVIEW_CACHE_ENV];
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv === "off" ? undefined : path.resolve(root, fromEnv);
  return fs.existsSync(path.join(root, "node_modules")) ? path.join(root, "node_modules", ".cache", "fhi-review") : undefined;
}

function run(command: string, args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, [...args], { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stdout, stderr }));
      else resolve({ stdout, stderr });
    });
  });
}

export function git(args: readonly string[], cwd: string): Promise<string> {
  return run("git", args, cwd).then(
    (result) => result.stdout.trim(),
    (error: Error & { stderr?: string }) => {
      // Progress lines ("Preparing worktree ...") come before the line that says what went wrong.
      const lines = (error.stderr || error.message).trim().split("\n");
      throw new ReviewInputError(`git ${args.join(" ")}: ${lines.find((line) => /^(fatal|error):/.test(line)) ?? lines[0]}`);
    },
  );
}

async function resolveCommit(ref: string, option: string, cwd: string): Promise<string> {
  try {
    return await git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], cwd);
  } catch {
    throw new ReviewInputError(`${option} ${ref}: not a commit in this repository. Fix: name a branch, tag or commit (git log --oneline shows them)`);
  }
}

async function defaultBase(cwd: string): Promise<string> {
  for (const candidate of ["origin/main", "main"]) {
    try {
      return await git(["merge-base", "HEAD", candidate], cwd);
    } catch {
      // try the next candidate
    }
  }
  throw new ReviewInputError("no --base given and neither origin/main nor main has a merge-base with HEAD. Fix: pass --base REF");
}

function tail(text: string | undefined, lines = 12): string {
  return (text ?? "").trim().split("\n").slice(-lines).join("\n");
}

/**
 * The default synthesizer: compiles the checkout with the repository's own TypeScript (`tsconfig.build.json`,
 * into scratch so the checkout's `dist/` is left alone) and runs that build's `fhi synth --outdir`.
 */
export const compileAndSynthesize: CheckoutSynthesizer = async (checkout) => {
  const build = path.join(checkout.scratch, "build");
  const tsc = path.join(checkout.nodeModules, "typescript", "bin", "tsc");
  // A change under review may well fail the policy gate during synth; the review shows those findings as
  // introduced instead of refusing to compare. `fhi synth` writes its output and exits 1 then (older versions
  // honoured this variable instead).
  const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: "1" };
  delete env.CDKTF_OUTDIR;
  // The working tree's own `fhi` rebuilds only what changed (incrementally, refusing on type errors) before it
  // synthesizes: a fresh full compile into scratch would cost a second or more for the same result.
  const ownCli = path.join(checkout.directory, "dist", "scripts", "fhi.js");
  if (checkout.workingTree === true && fs.existsSync(ownCli)) return runSynth(ownCli, checkout, env);
  try {
    // Its own build info too: the checkout's (dist/.tsbuildinfo) describes the checkout's dist/, not this copy.
    const buildInfo = ["--incremental", "--tsBuildInfoFile", path.join(checkout.scratch, "tsbuildinfo")];
    await run(process.execPath, [tsc, "-p", path.join(checkout.directory, "tsconfig.build.json"), "--outDir", build, ...buildInfo], checkout.directory, env);
  } catch (error) {
    const failure = error as Error & { stdout?: string; stderr?: string };
    throw new ReviewInputError(`${checkout.label} does not compile:\n${tail(failure.stdout || failure.stderr || failure.message)}`);
  }
  const cli = path.join(build, "scripts", "fhi.js");
  if (!fs.existsSync(cli)) throw new ReviewInputError(`${checkout.label} has no scripts/fhi.ts to synthesize with; pick a newer --base`);
  await runSynth(cli, checkout, env);
};

/** Runs a build's `fhi synth`; a policy gate failure still yields an output to compare. */
async function runSynth(cli: string, checkout: CheckoutToSynthesize, env: NodeJS.ProcessEnv): Promise<void> {
  const environments = checkout.environments.length > 0 ? ["--env", ...checkout.environments] : [];
  try {
    await run(process.execPath, [cli, "synth", "--outdir", checkout.outdir, ...environments], checkout.directory, env);
  } catch (error) {
    const failure = error as Error & { stderr?: string; code?: number };
    const policyGateOnly = failure.code === 1 && fs.existsSync(path.join(checkout.outdir, "manifest.json"));
    if (!policyGateOnly) throw new ReviewInputError(`synthesizing ${checkout.label} failed:\n${tail(failure.stderr || failure.message)}`);
  }
}

/**
 * Synthesizes base and head in a temporary directory and hands their outputs to `use`. The base (and a head
 * ref) are checked out as temporary git worktrees that reuse the repository's node_modules; every worktree
 * and the temporary directory are removed afterwards, also when synthesis or `use` fails.
 */
export async function withRefOutputs<T>(options: GitRefOptions, use: (outputs: RefOutputs) => Promise<T> | T): Promise<T> {
  const root = await git(["rev-parse", "--show-toplevel"], options.cwd).catch(() => {
    throw new ReviewInputError(`${options.cwd} is not inside a git repository; --base/--head need one (or use --before/--after)`);
  });
  const baseCommit = options.base !== undefined ? await resolveCommit(options.base, "--base", root) : await defaultBase(root);
  const headCommit = options.head !== undefined ? await resolveCommit(options.head, "--head", root) : undefined;
  const synthesize = options.synthesize ?? compileAndSynthesize;
  const scratch = fs.mkdtempSync(path.join(options.tmpdir ?? os.tmpdir(), "fhi-review-"));
  const nodeModules = path.join(scratch, "node_modules");
  const worktrees: string[] = [];
  try {
    // One link at the top of scratch serves every worktree and every compiled copy under it.
    if (fs.existsSync(path.join(root, "node_modules"))) fs.symlinkSync(path.join(root, "node_modules"), nodeModules, "dir");
    const label = (ref: string | undefined, commit: string) => `${ref ?? "merge-base"} (${commit.slice(0, 7)})`;
    const progress = options.progress ?? (() => undefined);
    const timed = async (what: string, work: () => Promise<void>) => {
      const started = Date.now();
      progress(`synthesizing ${what} ...`);
      await work();
      progress(`synthesized ${what} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    };
    // One `git worktree add` at a time: two at once in one repository can collide on its administrative files.
    let worktreeAdded: Promise<unknown> = Promise.resolve();
    const cache = cacheDirectoryFor(options, root);
    const warn = options.warn ?? (() => undefined);
    // A commit's output is cached (cache.ts); the working tree changes under the user's hands and is not.
    const synthesizeCommit = async (name: "base" | "head", commit: string, ref: string | undefined) => {
      const key = cache === undefined ? undefined : cacheKey(await git(["rev-parse", `${commit}^{tree}`], root), root, options.environments ?? []);
      const cached = key === undefined ? undefined : cachedOutput(cache!, key, label(ref, commit), warn);
      if (cached !== undefined) {
        progress(`using the cached synthesis of ${label(ref, commit)}`);
        return cached;
      }
      const outdir = await synthesizeInWorktree(name, commit, ref);
      if (key !== undefined) storeOutput(cache!, key, outdir, warn);
      return outdir;
    };
    const synthesizeInWorktree = async (name: "base" | "head", commit: string, ref: string | undefined) => {
      const directory = path.join(scratch, `worktree-${name}`);
      worktrees.push(directory);
      worktreeAdded = worktreeAdded.catch(() => undefined).then(() => git(["worktree", "add", "--detach", "--force", directory, commit], root));
      await worktreeAdded;
      const outdir = path.join(scratch, `out-${name}`);
      fs.mkdirSync(path.join(scratch, name), { recursive: true });
      await timed(label(ref, commit), () =>
        synthesize({ directory, outdir, scratch: path.join(scratch, name), nodeModules, environments: options.environments ?? [], label: label(ref, commit) }),
      );
      return outdir;
    };
    const synthesizeWorkingTree = async () => {
      const outdir = path.join(scratch, "out-head");
      fs.mkdirSync(path.join(scratch, "head"), { recursive: true });
      await timed("the working tree", () =>
        synthesize({ directory: root, outdir, scratch: path.join(scratch, "head"), nodeModules, environments: options.environments ?? [], label: "the working tree", workingTree: true }),
      );
      return outdir;
    };
    const [base, head] = await settleBoth(
      synthesizeCommit("base", baseCommit, options.base),
      headCommit === undefined ? synthesizeWorkingTree() : synthesizeCommit("head", headCommit, options.head),
    );
    return await use({ base, head, baseLabel: label(options.base, baseCommit), headLabel: headCommit === undefined ? "working tree" : label(options.head, headCommit) });
  } finally {
    for (const worktree of worktrees) {
      await git(["worktree", "remove", "--force", worktree], root).catch(() => undefined);
    }
    fs.rmSync(scratch, { recursive: true, force: true });
    if (worktrees.length > 0) await git(["worktree", "prune"], root).catch(() => undefined);
  }
}

/** Both promises run to the end (so that no synthesis still writes while cleanup runs); the first failure wins. */
async function settleBoth<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [first, second] = await Promise.allSettled([a, b]);
  if (first.status === "rejected") throw first.reason;
  if (second.status === "rejected") throw second.reason;
  return [first.value, second.value];
}
