import * as fs from "node:fs";
import type { Resource } from "../policies/model/resource";
import { isAbsent, isUnknown, isValueObject, Unknown, type Value, type ValueObject } from "../policies/model/value";
import type { AttributeChange } from "./model";

/** Deep equality of model values; Unknowns are equal when they are the same expression. */
export function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  if (isUnknown(a) || isUnknown(b)) return isUnknown(a) && isUnknown(b) && a.why === b.why;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item: Value, index: number) => sameValue(item, b[index]));
  }
  if (isValueObject(a) || isValueObject(b)) {
    if (!isValueObject(a) || !isValueObject(b)) return false;
    for (const key in a) if (!sameValue(a[key], b[key])) return false;
    // A key only `b` has is the same as absent in `a` when it is empty too.
    for (const key in b) if (!Object.hasOwn(a, key) && !isEmpty(b[key])) return false;
    return true;
  }
  return a === b;
}

/**
 * Whether two values are the same to every rule: the same JSON (key order aside), Unknowns of the same
 * expression. Stricter than `sameValue`, which holds absent, null and an empty list equal as Terraform does.
 */
export function identicalValues(a: Value | undefined, b: Value | undefined): boolean {
  if (a === b) return true;
  if (isUnknown(a) || isUnknown(b)) return isUnknown(a) && isUnknown(b) && a.why === b.why && a.template === b.template;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let index = 0; index < a.length; index += 1) if (!identicalValues(a[index], b[index])) return false;
    return true;
  }
  if (!isValueObject(a) || !isValueObject(b)) return false;
  let keys = 0;
  for (const key in a) {
    if (!Object.hasOwn(b, key) || !identicalValues(a[key], b[key])) return false;
    keys += 1;
  }
  return keys === Object.keys(b).length;
}

/** Absent, null and an empty list of blocks all mean "not set" to Terraform. */
function isEmpty(value: Value | undefined): boolean {
  return isAbsent(value) || (Array.isArray(value) && value.length === 0);
}

function holdsBlocks(value: Value | undefined): boolean {
  return Array.isArray(value) && value.some((item: Value) => isValueObject(item));
}

/**
 * The attribute-level differences between two values, leaves only: nested blocks are followed (lists of
 * blocks position by position), lists of scalars are compared whole, as a reviewer reads them.
 */
export function diffValues(before: Value | undefined, after: Value | undefined, path = ""): AttributeChange[] {
  const out: AttributeChange[] = [];
  diffInto(before, after, path, out);
  return out;
}

/** `diffValues`, appending to one list rather than concatenating one per level: a plan's diff has many thousands. */
function diffInto(before: Value | undefined, after: Value | undefined, path: string, out: AttributeChange[]): void {
  if (sameValue(before, after)) return;
  const beforeObject = isValueObject(before) || (isEmpty(before) && isValueObject(after));
  const afterObject = isValueObject(after) || (isEmpty(after) && isValueObject(before));
  if (beforeObject && afterObject) {
    const b = isValueObject(before) ? before : {};
    const a = isValueObject(after) ? after : {};
    const keys = Object.keys(b);
    for (const key in a) if (!Object.hasOwn(b, key)) keys.push(key);
    keys.sort();
    for (const key of keys) diffInto(b[key], a[key], path === "" ? key : `${path}.${key}`, out);
    return;
  }
  if ((holdsBlocks(before) || holdsBlocks(after)) && (Array.isArray(before) || isEmpty(before)) && (Array.isArray(after) || isEmpty(after))) {
    const b: readonly Value[] = Array.isArray(before) ? before : [];
    const a: readonly Value[] = Array.isArray(after) ? after : [];
    for (let index = 0; index < Math.max(a.length, b.length); index += 1) diffInto(b[index], a[index], `${path}.${index}`, out);
    return;
  }
  out.push({ path, before: isEmpty(before) ? undefined : before, after: isEmpty(after) ? undefined : after });
}

/** A copy of the value with every Unknown's expression rewritten (logical-ID renames applied to the base). */
export function mapUnknowns(value: Value, rewrite: (why: string) => string): Value {
  if (isUnknown(value)) return new Unknown(rewrite(value.why));
  if (Array.isArray(value)) return value.map((item: Value) => mapUnknowns(item, rewrite));
  if (isValueObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapUnknowns(item, rewrite)]));
  return value;
}

type JsonObject = Record<string, unknown>;
const isJsonObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The adapters shorten expressions to 80 characters for policy messages; a diff needs them whole (two
 * cross-stack references share their first 80 characters, an image digest sits at the end). This reads the
 * resource's body from its Terraform JSON file once per file and puts the full expression text back.
 */
export class ExpressionSource {
  private readonly documents = new Map<string, unknown>();

  valuesOf(resource: Resource): ValueObject {
    if (resource.source.kind === "plan") return resource.values;
    const body = this.bodyOf(resource);
    return body === undefined ? resource.values : (withExpressions(resource.values, body) as ValueObject);
  }

  private bodyOf(resource: Resource): unknown {
    let document = this.documents.get(resource.source.file);
    if (document === undefined) {
      document = JSON.parse(fs.readFileSync(resource.source.file, "utf8")) as unknown;
      this.documents.set(resource.source.file, document);
    }
    const mode = resource.mode === "data" ? "data" : "resource";
    const byType = isJsonObject(document) && isJsonObject(document[mode]) ? document[mode][resource.type] : undefined;
    const body = isJsonObject(byType) ? byType[resource.name] : undefined;
    return Array.isArray(body) && body.length === 1 ? body[0] : body;
  }
}

function withExpressions(value: Value, raw: unknown): Value {
  if (isUnknown(value)) return typeof raw === "string" ? new Unknown(raw) : value;
  if (Array.isArray(value)) return Array.isArray(raw) ? value.map((item: Value, index: number) => withExpressions(item, raw[index])) : value;
  if (isValueObject(value)) {
    if (!isJsonObject(raw)) return value;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withExpressions(item, raw[key])]));
  }
  return value;
}

const PLAN_UNKNOWN = "known after apply";

/** A value as a reviewer reads it in a report line. */
export function showValue(value: Value | undefined, limit = 120): string {
  let text: string;
  if (value === undefined || value === null) text = "(not set)";
  else if (isUnknown(value)) text = value.why === PLAN_UNKNOWN ? "(known after apply)" : compactExpression(value.why);
  else text = JSON.stringify(toJson(value));
  return text.length > limit ? `${text.slice(0, limit - 3)}...` : text;
}

/** cdktf's cross-stack references read as `${<stack>:<output>}`: the part that differs stays visible when shortened. */
function compactExpression(expression: string): string {
  return expression.replace(/data\.terraform_remote_state\.cross-stack-reference-input-([\w-]+)\.outputs\.cross-stack-output-([\w-]+)/g, "$1:$2");
}

/**
 * A model value as plain JSON: Unknowns become their expression, or "(known after apply)". A value without
 * Unknowns is plain JSON already and is returned as it is.
 */
export function toJson(value: Value | undefined): unknown {
  if (value === undefined) return null;
  if (isUnknown(value)) return value.why === PLAN_UNKNOWN ? "(known after apply)" : value.why;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((item: Value, index: number) => {
      const json = toJson(item);
      if (json !== item) (out ??= value.slice(0, index)).push(json);
      else out?.push(json);
    });
    return out ?? value;
  }
  if (isValueObject(value)) {
    let out: Record<string, unknown> | undefined;
    for (const key in value) {
      const item = value[key];
      const json = toJson(item);
      if (json !== item) (out ??= { ...value })[key] = json;
    }
    return out ?? value;
  }
  return value;
}
