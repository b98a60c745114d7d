import type { EnvironmentInput } from "../../environments/schema/config";
import { formatProblem, validateEnvironment, type ReleaseCatalogInput } from "../../environments/schema/validate";
import { RELEASES } from "../../releases";

/** An environment file's value, loosely typed so that a test can write what no type would let it. */
export type Loose = Record<string, any>;

/** The day the tests judge promotions on: the shipped records pass on it (and on every later day). */
export const TEST_TODAY = "2026-12-01";

export interface ProblemsOptions {
  /** Changes the record of the release the environment runs (`modelServer.release`), in a copy of the catalog. */
  readonly release?: (release: Loose) => void;
  /** Replaces the catalog (after `release` applied to the shipped one). */
  readonly catalog?: (catalog: Record<string, Loose>) => void;
  readonly today?: string;
}

/** A copy of the shipped release catalog with the changes of `options` made. */
export function catalogAfter(env: Loose, options: ProblemsOptions = {}): ReleaseCatalogInput {
  const catalog = structuredClone(RELEASES) as Record<string, Loose>;
  if (options.release) options.release(catalog[env.modelServer.release]);
  options.catalog?.(catalog);
  return catalog as ReleaseCatalogInput;
}

/** Every problem validation reports for a copy of `base` changed by `mutate`, as `env: path: message` lines. */
export function problemsAfter(base: EnvironmentInput, mutate: (env: Loose) => void = () => undefined, options: ProblemsOptions = {}): string[] {
  const env = structuredClone(base) as Loose;
  mutate(env);
  const result = validateEnvironment(env, env.name, { releases: catalogAfter(env, options), today: options.today ?? TEST_TODAY });
  return result.ok ? [] : result.problems.map(formatProblem);
}
