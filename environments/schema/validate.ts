import { z } from "zod";
import { cloud, environmentSchema, type CloudConfig, type Environment } from "./config";
import { type ConfigProblem } from "./problems";
import { configErrorMap, meantForm, strictDeep } from "./strict";

export { ConfigError, formatProblem, type ConfigProblem } from "./problems";

export type ValidationResult =
  | { readonly ok: true; readonly environment: Environment }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), "");
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

/** Checks one environment's config completely and returns every problem, not just the first. */
export function validateEnvironment(input: unknown, label: string): ValidationResult {
  const result = parseConfig(environmentSchema, input, label);
  return result.ok ? { ok: true, environment: result.value } : result;
}

/** Checks a cloud description (a known cloud's name, or a custom cloud's endpoints) as the config's `cloud` field is checked. */
export function validateCloud(input: unknown, label: string): { ok: true; cloud: CloudConfig } | { ok: false; problems: readonly ConfigProblem[] } {
  const result = parseConfig(cloud, input, label);
  return result.ok ? { ok: true, cloud: result.value } : result;
}
