import type { EnvironmentInput } from "../../environments/schema/config";
import { formatProblem, validateEnvironment } from "../../environments/schema/validate";

/** An environment file's value, loosely typed so that a test can write what no type would let it. */
export type Loose = Record<string, any>;

/** Every problem validation reports for a copy of `base` changed by `mutate`, as `env: path: message` lines. */
export function problemsAfter(base: EnvironmentInput, mutate: (env: Loose) => void): string[] {
  const env = structuredClone(base) as Loose;
  mutate(env);
  const result = validateEnvironment(env, env.name);
  return result.ok ? [] : result.problems.map(formatProblem);
}
