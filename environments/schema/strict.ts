/**
 * Two mechanisms that hold for every field of the config, present and future, so that no field has to remember
 * them: every object is strict (a misspelt key is an error naming the nearest known key, never silently dropped),
 * and every message zod would write in its own words is written in ours, with the fix.
 */
import { z } from "zod";
import leven from "leven";

type Schema = z.core.$ZodType;
type RawIssue = z.core.$ZodRawIssue;

/** Known names closest to `name`: a different case, or a typo of about one character in three. */
export function nearest(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = leven(lower, candidate.toLowerCase());
    if (distance <= Math.max(1, Math.floor(candidate.length / 3)) && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

const UNKNOWN_FIELD = "unknownField";

/** Each unknown key of an object is an issue of its own (its path ends with the key); the message is written below. */
function unknownField(known: readonly string[]): Schema {
  return z.unknown().superRefine((_, ctx) => ctx.addIssue({ code: "custom", params: { [UNKNOWN_FIELD]: known } }));
}

const isSchema = (value: unknown): value is Schema =>
  typeof value === "object" && value !== null && "_zod" in value && (value as Schema)._zod.traits.has("$ZodType") && !(value as Schema)._zod.traits.has("$ZodCheck");

const strictCache = new WeakMap<Schema, Schema>();

/**
 * The same schema with every object in it strict: defaults, checks and messages kept. Walks whatever holds
 * schemas (wrappers, arrays, records, unions, pipes), so it needs no list of field types to keep up to date.
 */
export function strictDeep<T extends Schema>(schema: T): T {
  const cached = strictCache.get(schema);
  if (cached) return cached as T;
  const def = schema._zod.def as unknown as Record<string, unknown>;
  const rebuilt: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(def)) {
    if (key === "catchall") continue;
    if (key === "shape") rebuilt.shape = Object.fromEntries(Object.entries(value as Record<string, Schema>).map(([name, field]) => [name, strictDeep(field)]));
    else if (isSchema(value)) rebuilt[key] = strictDeep(value);
    else if (Array.isArray(value) && value.length > 0 && value.every(isSchema)) rebuilt[key] = value.map((option) => strictDeep(option));
  }
  if (def.type === "object") rebuilt.catchall = unknownField(Object.keys(def.shape as object));
  const result = Object.keys(rebuilt).length === 0 ? schema : (new (schema._zod.constr as new (def: unknown) => T)({ ...def, ...rebuilt }) as T);
  strictCache.set(schema, result);
  return result;
}

const article = (noun: string) => (/^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`);

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return `the text ${JSON.stringify(value)}`;
  if (typeof value === "object") return "an object";
  return `${article(typeof value)} (${String(value)})`;
}

const EXPECTED: Readonly<Record<string, string>> = {
  string: "a string in quotes",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list [...]",
  object: "an object {...}",
  record: "an object {...}",
};

function invalidType(issue: RawIssue & { expected: string }): string {
  const expected = EXPECTED[issue.expected] ?? article(issue.expected);
  if (issue.input === undefined) return `required, and missing. Fix: add it (${expected})`;
  const unquoted = typeof issue.input === "string" && ((issue.expected === "number" && issue.input.trim() !== "" && !Number.isNaN(Number(issue.input))) || (issue.expected === "boolean" && /^(true|false)$/.test(issue.input)));
  const fix = unquoted ? `write ${issue.input} without quotes` : `write ${expected}`;
  return `must be ${expected}, not ${describe(issue.input)}. Fix: ${fix}`;
}

function invalidValue(input: unknown, values: readonly unknown[]): string {
  const allowed = values.map((value) => JSON.stringify(value));
  const guess = typeof input === "string" ? nearest(input, values.filter((value): value is string => typeof value === "string")) : undefined;
  const fix = guess ? `did you mean "${guess}"?` : `use ${allowed.length === 1 ? allowed[0] : `one of ${allowed.join(", ")}`}`;
  return `${describe(input)} is not ${allowed.length === 1 ? allowed[0] : `one of ${allowed.join(", ")}`}. Fix: ${fix}`;
}

function bound(issue: RawIssue & { origin: string; minimum?: number | bigint; maximum?: number | bigint; inclusive?: boolean }, side: "least" | "most"): string {
  const limit = Number(side === "least" ? issue.minimum : issue.maximum);
  const value = issue.inclusive === false ? (side === "least" ? `more than ${limit}` : `less than ${limit}`) : `at ${side} ${limit}`;
  const unit = issue.origin === "array" ? " item(s)" : issue.origin === "string" ? " character(s)" : "";
  const got = typeof issue.input === "number" ? ` (it is ${issue.input})` : "";
  return `must be ${value}${unit}${got}. Fix: choose a value within the bound`;
}

interface UnionIssue {
  readonly input?: unknown;
  readonly discriminator?: string;
  readonly options?: readonly unknown[];
  readonly errors: readonly (readonly z.core.$ZodIssue[])[];
}

/**
 * The form of a union a value was meant for, by what its problems are about: an object is meant as the form whose
 * complaints are all about its fields; anything else as the one form that took its type. Undefined when unclear.
 */
export function meantForm(issue: UnionIssue): readonly z.core.$ZodIssue[] | undefined {
  const isObject = typeof issue.input === "object" && issue.input !== null;
  const meant = issue.errors.filter(
    (issues) => issues.length > 0 && (isObject ? issues.every((inner) => inner.path.length > 0) : !issues.some((inner) => inner.code === "invalid_type" && inner.path.length === 0)),
  );
  return meant.length === 1 ? meant[0] : undefined;
}

/** A union names the form that was meant: by its discriminator, or by the form its problems belong to. */
function invalidUnion(issue: UnionIssue): string {
  if (issue.discriminator) {
    const value = (issue.input as Record<string, unknown> | undefined)?.[issue.discriminator];
    return invalidValue(value, issue.options ?? []);
  }
  const meant = meantForm(issue);
  if (meant) return meant.map((inner) => (inner.path.length > 0 ? `${inner.path.join(".")}: ${inner.message}` : inner.message)).join("; ");
  return `${describe(issue.input)} matches none of the forms this field takes. Fix: see the field's type in environments/schema/`;
}

function unknownFieldMessage(issue: RawIssue): string {
  const field = String(issue.path?.at(-1));
  const known = (issue as { params: Record<string, readonly string[]> }).params[UNKNOWN_FIELD];
  const guess = nearest(field, known);
  return `unknown field. Fix: ${guess ? `did you mean "${guess}"?` : `remove it; the fields here are ${known.join(", ")}`}`;
}

/** Messages for the issues zod words itself; a field's own message (from the schema) always wins over these. */
export function configErrorMap(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      return invalidType(issue as RawIssue & { expected: string });
    case "invalid_value":
      return invalidValue(issue.input, (issue as RawIssue & { values: readonly unknown[] }).values);
    case "too_small":
      return bound(issue as Parameters<typeof bound>[0], "least");
    case "too_big":
      return bound(issue as Parameters<typeof bound>[0], "most");
    case "invalid_format": {
      const format = issue as RawIssue & { format: string; pattern?: string };
      return format.format === "regex" ? `${describe(issue.input)} does not have the expected form (${format.pattern}). Fix: write it in that form` : `${describe(issue.input)} is not a valid ${format.format}. Fix: write a valid ${format.format}`;
    }
    case "invalid_union":
      return invalidUnion(issue as unknown as UnionIssue);
    case "custom":
      return (issue as { params?: Record<string, unknown> }).params?.[UNKNOWN_FIELD] ? unknownFieldMessage(issue) : undefined;
    default:
      return undefined;
  }
}
