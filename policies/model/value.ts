/**
 * Attribute values as the policy pack sees them: plain JSON, except that a value the input cannot know
 * yet (a cdktf token or Terraform expression such as `${azurerm_key_vault.main.id}`, or a plan's
 * `after_unknown`) is an `Unknown`. Rules must treat an Unknown as "cannot tell", never as a pass.
 */
export class Unknown {
  constructor(
    /** Why it is unknown, for messages: the expression, or "known after apply". */
    readonly why: string,
    /**
     * A string built with interpolations, as written (escapes `$${` kept): for rules that read its literal parts,
     * such as Kubernetes manifests with an image registry interpolated. Absent for plans' unknowns.
     */
    readonly template?: string,
  ) {}
}

export type Value = null | boolean | number | string | Unknown | readonly Value[] | ValueObject;
export interface ValueObject {
  readonly [key: string]: Value;
}

export function isUnknown(value: unknown): value is Unknown {
  return value instanceof Unknown;
}

export function isValueObject(value: unknown): value is ValueObject {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Unknown);
}

/** Absent and null mean the same in Terraform: the provider's default applies. */
export function isAbsent(value: Value | undefined): value is null | undefined {
  return value === undefined || value === null;
}

/**
 * The value at a dotted path. Nested blocks may be objects (cdktf) or lists of objects (Terraform JSON,
 * plans): a list of one block is followed into that block, an empty list is absent, and a list of several
 * blocks makes the path ambiguous (Unknown). Numeric segments index lists.
 */
export function valueAt(root: Value | undefined, path: string): Value | undefined {
  let current: Value | undefined = root;
  for (const segment of segmentsOf(path)) {
    if (isAbsent(current) || isUnknown(current)) return current;
    if (Array.isArray(current)) {
      const list: readonly Value[] = current;
      if (INDEX.test(segment)) {
        current = list[Number(segment)];
        continue;
      }
      if (list.length === 0) return undefined;
      if (list.length > 1) return new Unknown(`several ${path.split(".")[0]} blocks`);
      current = list[0];
    }
    if (isUnknown(current)) return current;
    if (!isValueObject(current)) return undefined;
    current = current[segment];
  }
  return current;
}

const INDEX = /^\d+$/;
/** The segments of each path asked for: rules ask for the same few hundred paths thousands of times. */
const SEGMENTS = new Map<string, readonly string[]>();
function segmentsOf(path: string): readonly string[] {
  let segments = SEGMENTS.get(path);
  if (segments === undefined) {
    segments = path.split(".");
    SEGMENTS.set(path, segments);
  }
  return segments;
}

/**
 * The blocks at a path, for repeatable nested blocks (security rules, IP rules): always a list, or an
 * Unknown when the blocks come from an expression (a `dynamic` block, a variable).
 */
export function blocksAt(root: Value | undefined, path: string): readonly Value[] | Unknown {
  const value = valueAt(root, path);
  if (isAbsent(value)) return [];
  if (isUnknown(value)) return value;
  return Array.isArray(value) ? value : [value];
}

/** True when the value or anything inside it is unknown. */
export function containsUnknown(value: Value | undefined): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (isValueObject(value)) return Object.values(value).some(containsUnknown);
  return false;
}
