import type { z } from "zod";
import { environmentSchema, type Environment } from "./config";
import { configErrorMap, strictDeep } from "./strict";

/** One thing wrong with one environment's config: where it is and how to fix it. */
export interface ConfigProblem {
  readonly environment: string;
  /** The field, as an environment file spells it: `regions[0].subnets.aksGpu`. */
  readonly path: string;
  readonly message: string;
}

export type ValidationResult =
  | { readonly ok: true; readonly environment: Environment }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), "");
}

function toProblem(environment: string, issue: z.core.$ZodIssue): ConfigProblem {
  return { environment, path: formatPath(issue.path) || "(root)", message: issue.message };
}

/** Checks one environment's config completely and returns every problem, not just the first. */
export function validateEnvironment(input: unknown, label: string): ValidationResult {
  const parsed = strictDeep(environmentSchema).safeParse(input, { error: configErrorMap });
  if (parsed.success) return { ok: true, environment: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => toProblem(label, issue)) };
}

export function formatProblem(problem: ConfigProblem): string {
  return `${problem.environment}: ${problem.path}: ${problem.message}`;
}

/** Raised when any environment is invalid; carries the full list so a command can print all of it. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(`${problems.length} problem(s) in the environment config:\n${problems.map((p) => `  - ${formatProblem(p)}`).join("\n")}`);
    this.name = "ConfigError";
  }
}
