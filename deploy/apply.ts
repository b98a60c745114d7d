/**
 * Applies a deploy plan stack by stack with terraform: init, the creation-phase apply of resources that need one
 * (only while they do not exist), then the stack's apply, each within the stack's budget. A budget that runs out
 * interrupts terraform the way Ctrl-C does (SIGINT: it stops starting new operations, waits for running ones and
 * releases the state lease), so a re-run starts clean. Every outcome is reported stack by stack.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { CREATION_PHASE_VARIABLE } from "../stacks/deploy-contract";
import type { DeployPlan, StackStep } from "./plan";

export interface TerraformRun {
  readonly code: number | null;
  /** Whether the budget ran out and terraform was interrupted. */
  readonly timedOut: boolean;
  readonly output: string;
}

/** Runs terraform with the arguments in `cwd` within `timeoutMs`; the seam tests replace. */
export type TerraformRunner = (args: readonly string[], cwd: string, timeoutMs: number) => Promise<TerraformRun>;

/** After SIGINT, how long terraform may take to finish running operations and release its lease. */
const INTERRUPT_GRACE_MS = 10 * 60_000;

/** Runs the terraform binary; each line it prints goes to `log` prefixed with the stack, as stacks of a wave run at once. */
export function spawnTerraform(binary: string, log: (chunk: string) => void): TerraformRunner {
  return (args, cwd, timeoutMs) =>
    new Promise((resolve, reject) => {
      const child = spawn(binary, [...args], { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, TF_IN_AUTOMATION: "1" } });
      let output = "";
      let timedOut = false;
      const prefix = `[${path.basename(cwd)}] `;
      const collect = (chunk: Buffer) => {
        const text = chunk.toString();
        output += text;
        log(text.replace(/^(?=.)/gm, prefix));
      };
      child.stdout.on("data", collect);
      child.stderr.on("data", collect);
      const interrupt = setTimeout(() => {
        timedOut = true;
        child.kill("SIGINT");
      }, timeoutMs);
      const kill = setTimeout(() => child.kill("SIGKILL"), timeoutMs + INTERRUPT_GRACE_MS);
      child.on("error", (error) => {
        clearTimeout(interrupt);
        clearTimeout(kill);
        reject(error);
      });
      child.on("close", (code) => {
        clearTimeout(interrupt);
        clearTimeout(kill);
        resolve({ code, timedOut, output });
      });
    });
}

export type StepOutcome = "applied" | "failed" | "timed-out" | "not-run";

export interface StepResult {
  readonly stack: string;
  readonly outcome: StepOutcome;
  /** What failed and what to do, for a failed or timed-out step. */
  readonly detail?: string;
}

/** The lease terraform's azurerm backend puts on a state blob, as its error names it. */
const LOCK_ERROR = /Error acquiring the state lock[\s\S]*?ID:\s+([0-9a-f-]{36})/;

function failureDetail(step: StackStep, phase: string, run: TerraformRun): string {
  if (run.timedOut) {
    return `${phase} ran past the stack's budget of ${step.timeoutMinutes} minutes and was interrupted (terraform saved state and released its lease). Fix: re-run the deploy; resources still being created continue in Azure, and terraform picks them up`;
  }
  const lock = LOCK_ERROR.exec(run.output);
  if (lock) {
    return `the state of ${step.stack} is leased by another run (lock ${lock[1]}). Fix: if no deploy of this environment is running (GitHub shows the runs), break the lease from a runner: terraform -chdir=${step.directory} force-unlock -force ${lock[1]} (docs/deploy.md, "A stale state lease")`;
  }
  const last = run.output.trim().split("\n").filter((line) => /Error/.test(line)).slice(-3).join(" | ");
  return `${phase} failed (exit ${run.code})${last ? `: ${last}` : ""}. Fix: read the output above; a re-run applies what is left`;
}

export interface ApplyOptions {
  readonly outdir: string;
  readonly run: TerraformRunner;
  readonly log: (line: string) => void;
  /** Only these stacks (in plan order); all when absent. */
  readonly only?: readonly string[];
}

async function applyStep(step: StackStep, options: ApplyOptions): Promise<StepResult> {
  const cwd = path.join(options.outdir, step.directory);
  const budget = Date.now() + step.timeoutMinutes * 60_000;
  const remaining = () => Math.max(budget - Date.now(), 1_000);
  const attempt = async (phase: string, args: readonly string[]): Promise<StepResult | undefined> => {
    options.log(`${step.stack}: ${phase}`);
    const run = await options.run(args, cwd, remaining());
    if (run.code === 0) return undefined;
    return { stack: step.stack, outcome: run.timedOut ? "timed-out" : "failed", detail: failureDetail(step, phase, run) };
  };
  const init = await attempt("terraform init", ["init", "-input=false", "-no-color"]);
  if (init) return init;
  for (const target of step.creationPhaseTargets) {
    const exists = await options.run(["state", "list", target], cwd, remaining());
    if (exists.code === 0 && exists.output.trim() !== "") continue;
    const created = await attempt(`create ${target} alone, with ${CREATION_PHASE_VARIABLE}=true (Azure refuses some settings at creation)`, [
      "apply",
      "-input=false",
      "-no-color",
      "-auto-approve",
      `-target=${target}`,
      `-var=${CREATION_PHASE_VARIABLE}=true`,
    ]);
    if (created) return created;
  }
  const applied = await attempt("terraform apply", ["apply", "-input=false", "-no-color", "-auto-approve"]);
  return applied ?? { stack: step.stack, outcome: "applied" };
}

/**
 * Applies the plan wave by wave, the stacks of a wave side by side (each has its own state), and stops after the
 * first wave in which a stack fails; the stacks of later waves are reported as not run.
 */
export async function applyPlan(plan: DeployPlan, options: ApplyOptions): Promise<StepResult[]> {
  const selected = (stack: string) => !options.only || options.only.includes(stack);
  const results: StepResult[] = [];
  for (const wave of plan.waves) {
    const steps = plan.steps.filter((step) => wave.includes(step.stack) && selected(step.stack));
    if (results.some((result) => result.outcome !== "applied")) {
      results.push(...steps.map((step): StepResult => ({ stack: step.stack, outcome: "not-run" })));
      continue;
    }
    results.push(...(await Promise.all(steps.map((step) => applyStep(step, options)))));
  }
  return results;
}
