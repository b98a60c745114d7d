import type { Resource } from "../model/resource";
import { isAbsent, isUnknown, valueAt, type Value } from "../model/value";
import { fail, pass, unknown, type Verdict } from "./rule";

/** Shows a value in a message. */
export function show(value: Value | undefined): string {
  if (isUnknown(value)) return `unknown (${value.why})`;
  return value === undefined ? "not set" : JSON.stringify(value);
}

/**
 * The first of several attribute paths that is set: azurerm renamed attributes between 3.x and 4.x
 * (`enable_rbac_authorization` -> `rbac_authorization_enabled`) and users bring either generation.
 */
export function firstSet(resource: Resource, paths: readonly string[]): { path: string; value: Value | undefined } {
  for (const path of paths) {
    const value = valueAt(resource.values, path);
    if (!isAbsent(value)) return { path, value };
  }
  return { path: paths[0], value: undefined };
}

export interface ExpectSetting {
  /** Attribute paths, newest name first. */
  readonly paths: readonly string[];
  /** Does the (known, non-null) value satisfy the control? */
  readonly ok: (value: Value) => boolean;
  /** What a compliant value looks like, for messages: "true", "\"Deny\"". */
  readonly want: string;
  /**
   * What the provider does when the attribute is not set: `true` compliant, `false` not, or a message
   * explaining why absence fails. Provider defaults are part of the check, so they are written down.
   */
  readonly whenAbsent: boolean;
}

/** The common check: one attribute (under any of its names) must have a compliant value. */
export function expectSetting(resource: Resource, setting: ExpectSetting): Verdict {
  const { path, value } = firstSet(resource, setting.paths);
  if (isUnknown(value)) return unknown(`${path} is ${show(value)}; it must be ${setting.want}`);
  if (isAbsent(value)) {
    return setting.whenAbsent ? pass(`${path} is not set; the provider default complies`) : fail(`${path} is not set; it must be ${setting.want}`);
  }
  return setting.ok(value) ? pass(`${path} is ${show(value)}`) : fail(`${path} is ${show(value)}; it must be ${setting.want}`);
}

/** Shorthand for boolean attributes. */
export function expectBoolean(resource: Resource, paths: readonly string[], want: boolean, providerDefault: boolean | undefined): Verdict {
  return expectSetting(resource, { paths, ok: (value) => value === want, want: String(want), whenAbsent: providerDefault === want });
}

/** The attribute must be set to something (an ID, a block); its value may be an unknown reference. */
export function expectPresent(resource: Resource, path: string, what: string): Verdict {
  const value = valueAt(resource.values, path);
  if (isAbsent(value) || value === "" || (Array.isArray(value) && value.length === 0)) return fail(`${path} is not set; ${what}`);
  return pass(isUnknown(value) ? `${path} is set (to an expression)` : `${path} is set`);
}

/** Combines verdicts: any fail fails, else any unknown is unknown, else pass. */
export function all(verdicts: readonly Verdict[]): Verdict {
  const failed = verdicts.filter((verdict) => verdict.status === "fail");
  if (failed.length > 0) return fail(failed.map((verdict) => verdict.message).join("; "));
  const unknowns = verdicts.filter((verdict) => verdict.status === "unknown");
  if (unknowns.length > 0) return unknown(unknowns.map((verdict) => verdict.message).join("; "));
  return pass(verdicts.map((verdict) => verdict.message).join("; "));
}
