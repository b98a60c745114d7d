import { z } from "zod";
import { RELEASES } from "../../releases";
import { cloud, environmentSchema, type CloudConfig, type Environment } from "./config";
import { formatPath, type ConfigProblem } from "./problems";
import { releaseSchema, type Release } from "./release";
import { checkCatalog, checkReleases, type CheckedCatalog, type ReleaseCatalogInput } from "./release-checks";
import { configErrorMap, meantForm, strictDeep } from "./strict";
import { today } from "./today";

export { ConfigError, formatPath, formatProblem, type ConfigProblem } from "./problems";
export type { ReleaseCatalogInput } from "./release-checks";

export type ValidationResult =
  | { readonly ok: true; readonly environment: Environment }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

/** What an environment is judged against besides its own file. */
export interface ValidationContext {
  /** The release records, by ID. Default: releases/index.ts. */
  readonly releases?: ReleaseCatalogInput;
  /** The day promotion gates are judged on, YYYY-MM-DD. Default: FHI_TODAY, else the clock's UTC date (today.ts). */
  readonly today?: string;
}

/** One problem per issue; a union's issue becomes the problems of the form that was meant, each on its own field. */
function toProblems(environment: string, issue: z.core.$ZodIssue, prefix: readonly PropertyKey[] = []): ConfigProblem[] {
  const path = [...prefix, ...issue.path];
  const meant = issue.code === "invalid_union" && !issue.discriminator ? meantForm(issue) : undefined;
  if (meant) return meant.flatMap((inner) => toProblems(environment, inner, path));
  return [{ environment, path: formatPath(path) || "(root)", message: issue.message }];
}

/** Parses `input` with a config schema made strict, in our words: every problem, each with its field and fix. */
function parseConfig<T extends z.core.$ZodType>(schema: T, input: unknown, label: string): { ok: true; value: z.output<T> } | { ok: false; problems: ConfigProblem[] } {
  // reportInput: a union's problems are told apart by the value they are about (see meantForm).
  const parsed = z.safeParse(strictDeep(schema), input, { error: configErrorMap, reportInput: true });
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, problems: parsed.error.issues.flatMap((issue) => toProblems(label, issue)) };
}

const checkedCatalogs = new WeakMap<ReleaseCatalogInput, CheckedCatalog>();

/** A release catalog checked once per catalog object, however many environments name its releases. */
function checkedCatalog(catalog: ReleaseCatalogInput): CheckedCatalog {
  let checked = checkedCatalogs.get(catalog);
  if (!checked) {
    checked = checkCatalog(catalog, (input, label) => parseConfig(releaseSchema, input, label) as { ok: true; value: Release } | { ok: false; problems: ConfigProblem[] });
    checkedCatalogs.set(catalog, checked);
  }
  return checked;
}

/** Every problem of every record of a release catalog (not only those an environment names). */
export function validateReleases(catalog: ReleaseCatalogInput = RELEASES): readonly ConfigProblem[] {
  return Object.values(checkedCatalog(catalog).problems).flat();
}

/**
 * Checks one environment's config completely and returns every problem, not just the first: its fields, then the
 * releases it names against its promotion policy on the day (release-checks.ts).
 */
export function validateEnvironment(input: unknown, label: string, context: ValidationContext = {}): ValidationResult {
  const result = parseConfig(environmentSchema, input, label);
  if (!result.ok) return result;
  const day = context.today === undefined ? today() : { ok: true as const, date: context.today };
  if (!day.ok) return { ok: false, problems: [day.problem] };
  const checked = checkReleases(result.value, checkedCatalog(context.releases ?? RELEASES), day.date, label);
  if (checked.problems.length > 0) return { ok: false, problems: checked.problems };
  return { ok: true, environment: { ...result.value, releases: checked.releases } };
}

/** Checks a cloud description (a known cloud's name, or a custom cloud's endpoints) as the config's `cloud` field is checked. */
export function validateCloud(input: unknown, label: string): { ok: true; cloud: CloudConfig } | { ok: false; problems: readonly ConfigProblem[] } {
  const result = parseConfig(cloud, input, label);
  return result.ok ? { ok: true, cloud: result.value } : result;
}
