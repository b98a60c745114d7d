import { isAbsent, isUnknown, valueAt, type Value, type ValueObject } from "../../policies/model";
import type { ResourceChange, SecurityKind } from "../model";
import { showValue } from "../values";

/** What one scrutiny rule says about one change, before the rule's ID is attached. */
export interface Assessment {
  readonly kind: SecurityKind;
  readonly reason: string;
}

/** Every change of the review (all stacks), for rules that look past one resource (a new image replacing an old one). */
export interface ScrutinyContext {
  readonly changes: readonly ResourceChange[];
}

/**
 * A scrutiny rule: which changes it looks at and what it says about them. One rule per file under
 * `review/scrutiny/rules/`, listed in `review/scrutiny/registry.ts`.
 */
export interface ScrutinyRule {
  /** Stable kebab-case ID, the file's name. */
  readonly id: string;
  readonly title: string;
  /** Terraform resource types the rule reads; `*` for any. */
  readonly resourceTypes: readonly string[];
  assess(change: ResourceChange, context: ScrutinyContext): Assessment[];
}

/** The ARM type of an azapi resource without its API version, e.g. `Microsoft.MachineLearningServices/workspaces/onlineEndpoints`. */
export function armTypeOf(values: ValueObject | null): string | undefined {
  const type = values?.type;
  return typeof type === "string" ? type.split("@")[0] : undefined;
}

/**
 * One setting whose values can be ordered by exposure: 0 is the closed end, higher is more open. Table rows
 * of the setting rules below.
 */
export interface Setting {
  readonly types: readonly string[];
  /** azapi only: the ARM types (without API version) the setting exists on. */
  readonly armTypes?: readonly string[];
  /** Attribute paths, newest name first (users bring azurerm 3.x and 4.x names). */
  readonly paths: readonly string[];
  /** What the setting is, for reasons: "public network access". */
  readonly label: string;
  /**
   * Exposure of a value: a number (higher = more open), or undefined when it cannot be told (an expression).
   * Receives undefined when the attribute is not set, so provider defaults live in this function.
   */
  readonly exposure: (value: Value | undefined) => number | undefined;
  /** Is creating a resource with the setting open (exposure > 0) broadening? True for exposure, false for protections. */
  readonly broadeningOnCreate: boolean;
}

function read(values: ValueObject, paths: readonly string[]): Value | undefined {
  for (const path of paths) {
    const value = valueAt(values, path);
    if (!isAbsent(value)) return value;
  }
  return undefined;
}

function appliesTo(setting: Setting, change: ResourceChange): boolean {
  if (!setting.types.includes(change.type)) return false;
  return setting.armTypes === undefined || setting.armTypes.includes(armTypeOf(change.after ?? change.before) ?? "");
}

/** A setting's value in a reason: unset means the provider's default applies, which is what the exposure function judged. */
function shown(value: Value | undefined): string {
  return isAbsent(value) ? "not set (provider default)" : showValue(value);
}

/** Assesses one setting on one change: more exposure is broadening, less is narrowing, unknown is notable. */
export function assessSetting(setting: Setting, change: ResourceChange): Assessment | undefined {
  if (!appliesTo(setting, change) || change.after === null) return undefined;
  const after = read(change.after, setting.paths);
  const afterExposure = setting.exposure(after);
  if (change.before === null) {
    if (afterExposure === undefined || afterExposure <= 0 || !setting.broadeningOnCreate) return undefined;
    return { kind: "broadening", reason: `created with ${setting.label} ${shown(after)}` };
  }
  const before = read(change.before, setting.paths);
  const beforeExposure = setting.exposure(before);
  const what = `${setting.label} ${shown(before)} -> ${shown(after)}`;
  if (beforeExposure !== undefined && afterExposure !== undefined) {
    if (afterExposure > beforeExposure) return { kind: "broadening", reason: what };
    if (afterExposure < beforeExposure) return { kind: "narrowing", reason: what };
    return undefined;
  }
  if (isUnknown(before) && isUnknown(after) && before.why === after.why) return undefined;
  if (before === after) return undefined;
  return { kind: "notable", reason: `${what} (cannot tell whether this opens or closes it)` };
}

/** A rule made of setting rows: the common shape of "this switch must not open". */
export function settingRule(rule: { id: string; title: string; settings: readonly Setting[] }): ScrutinyRule {
  return {
    id: rule.id,
    title: rule.title,
    resourceTypes: [...new Set(rule.settings.flatMap((setting) => setting.types))],
    assess: (change) => rule.settings.map((setting) => assessSetting(setting, change)).filter((note): note is Assessment => note !== undefined),
  };
}

/** Exposure of a boolean switch where `open` is the exposed value and `absent` what the provider does when unset. */
export function switchExposure(open: boolean, absent: boolean): (value: Value | undefined) => number | undefined {
  return (value) => {
    const effective = isAbsent(value) ? absent : value;
    if (typeof effective !== "boolean") return undefined;
    return effective === open ? 1 : 0;
  };
}

/** Exposure of an enumeration, listed from closed to open (case-insensitive); `absent` is the provider default. */
export function ladderExposure(ladder: readonly string[], absent?: string): (value: Value | undefined) => number | undefined {
  const lower = ladder.map((step) => step.toLowerCase());
  return (value) => {
    const effective = isAbsent(value) ? absent : value;
    if (typeof effective !== "string") return undefined;
    const index = lower.indexOf(effective.toLowerCase());
    return index < 0 ? undefined : index;
  };
}

/** Exposure of "is this block/attribute configured at all": present (even as an expression) is closed. */
export function presenceExposure(value: Value | undefined): number {
  return isAbsent(value) || value === "" ? 1 : 0;
}
