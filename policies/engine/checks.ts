import type { Resource } from "../model/resource";
import { azurermMajor } from "../model/provider";
import { isAbsent, isUnknown, valueAt, type Value } from "../model/value";
import { fail, pass, unknown, type Verdict } from "./rule";

/*
 * Helpers rules share. Values arrive canonical to their schema type (model/normalize.ts): rules compare
 * booleans, numbers and strings, never convert. Azure compares enum values without regard to case
 * ("allow", "Inbound", "TCP"), so string comparisons go through `sameText`/`oneOf`.
 */

/** Shows a value in a message. */
export function show(value: Value | undefined): string {
  if (isUnknown(value)) return `unknown (${value.why})`;
  return value === undefined ? "not set" : JSON.stringify(value);
}

/** Azure's comparison of enum values: case-insensitive. */
export function sameText(value: Value | undefined, expected: string): boolean {
  return typeof value === "string" && value.toLowerCase() === expected.toLowerCase();
}

/** A predicate for one of several enum values (case-insensitive). */
export function oneOf(...allowed: readonly string[]): (value: Value) => boolean {
  const lower = allowed.map((item) => item.toLowerCase());
  return (value) => typeof value === "string" && lower.includes(value.toLowerCase());
}

/** A predicate for numbers of at least `minimum`. */
export function atLeast(minimum: number): (value: Value) => boolean {
  return (value) => typeof value === "number" && value >= minimum;
}

/**
 * The first of several attribute paths that is set: azurerm renamed attributes between generations
 * (`enable_rbac_authorization` -> `rbac_authorization_enabled`) and users bring every generation.
 */
export function firstSet(resource: Resource, paths: readonly string[]): { path: string; value: Value | undefined } {
  for (const path of paths) {
    const value = valueAt(resource.values, path);
    if (!isAbsent(value)) return { path, value };
  }
  return { path: paths[0], value: undefined };
}

/**
 * Whether the provider's default complies when the attribute is not set: one answer for every generation, or
 * per azurerm major version where the default changed (`{ 2: false, 3: true }`: false in 2.x, true from 3.x on).
 */
export type WhenAbsent = boolean | { readonly [major: number]: boolean };

/** The verdict on an absent attribute, from the default of the provider generation that reads the resource. */
function absentVerdict(resource: Resource, path: string, want: string, whenAbsent: WhenAbsent): Verdict {
  if (typeof whenAbsent === "boolean") return whenAbsent ? pass(`${path} is not set; the provider default complies`) : fail(`${path} is not set; it must be ${want}`);
  const majors = Object.keys(whenAbsent).map(Number).sort((a, b) => a - b);
  const major = azurermMajor(resource);
  if (major === undefined) {
    const insecure = majors.filter((each) => !whenAbsent[each]);
    return insecure.length === 0
      ? pass(`${path} is not set; the default of every provider generation complies`)
      : fail(`${path} is not set, and the input does not say which azurerm version reads it (the ${insecure.map((each) => `${each}.x`).join(", ")} default does not comply); set it to ${want}`);
  }
  const applicable = majors.filter((each) => each <= major).pop() ?? majors[0];
  return whenAbsent[applicable]
    ? pass(`${path} is not set; the azurerm ${major}.x default complies`)
    : fail(`${path} is not set; the azurerm ${major}.x default does not comply: set it to ${want}`);
}

export interface ExpectSetting {
  /** Attribute paths, newest name first. */
  readonly paths: readonly string[];
  /** Does the (known, non-null) value satisfy the control? */
  readonly ok: (value: Value) => boolean;
  /** What a compliant value looks like, for messages: "true", "\"Deny\"". */
  readonly want: string;
  /** What the provider does when the attribute is not set: provider defaults are part of the check. */
  readonly whenAbsent: WhenAbsent;
}

/** The common check: one attribute (under any of its names) must have a compliant value. */
export function expectSetting(resource: Resource, setting: ExpectSetting): Verdict {
  const { path, value } = firstSet(resource, setting.paths);
  if (isUnknown(value)) return unknown(`${path} is ${show(value)}; it must be ${setting.want}`);
  if (isAbsent(value)) return absentVerdict(resource, path, setting.want, setting.whenAbsent);
  return setting.ok(value) ? pass(`${path} is ${show(value)}`) : fail(`${path} is ${show(value)}; it must be ${setting.want}`);
}

/** Shorthand for boolean attributes; `providerDefault` is the provider's value when the attribute is not set. */
export function expectBoolean(resource: Resource, paths: readonly string[], want: boolean, providerDefault: boolean | undefined | { readonly [major: number]: boolean }): Verdict {
  const whenAbsent: WhenAbsent =
    typeof providerDefault === "object" ? Object.fromEntries(Object.entries(providerDefault).map(([major, value]) => [major, value === want])) : providerDefault === want;
  return expectSetting(resource, { paths, ok: (value) => value === want, want: String(want), whenAbsent });
}

/** Shorthand for enum attributes: the value must be one of `allowed` (case-insensitive). */
export function expectOneOf(resource: Resource, paths: readonly string[], allowed: readonly string[], whenAbsent: WhenAbsent): Verdict {
  return expectSetting(resource, { paths, ok: oneOf(...allowed), want: allowed.map((item) => JSON.stringify(item)).join(" or "), whenAbsent });
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
