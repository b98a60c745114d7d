/**
 * What is wrong with a config, without the schema that finds it: every command reports a ConfigError, and most
 * (`fhi policy check`, `fhi review --plan`) never validate an environment, so they must not load zod to do so.
 */

/** One thing wrong with one environment's config: where it is and how to fix it. */
export interface ConfigProblem {
  readonly environment: string;
  /** The field, as an environment file spells it: `regions[0].subnets.aksGpu`. */
  readonly path: string;
  readonly message: string;
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

/** A field's path as an environment file spells it: `regions[0].subnets.aksGpu`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), "");
}
