import { isAbsent, isUnknown, isValueObject, type Value, type ValueObject } from "../../model/value";
import type { AttributeSchema, BlockSchema, ConstraintTable, Validator } from "./table";
import tableJson from "./azurerm-constraints.json";

export const CONSTRAINTS = tableJson as unknown as ConstraintTable;

/** One thing `terraform validate` would refuse: where, what, and the provider line that says so. */
export interface Violation {
  readonly path: string;
  readonly problem: string;
  readonly at: string;
}

/** Terraform JSON writes a single nested block as an object or a list of one; both are the same block. */
function blocksOf(value: Value | undefined): readonly Value[] {
  if (isAbsent(value)) return [];
  return Array.isArray(value) ? value : [value];
}

function isSet(value: Value | undefined): boolean {
  if (isAbsent(value)) return false;
  if (Array.isArray(value)) return value.length > 0;
  return !(typeof value === "string" && value === "");
}

/** The value at an SDK key such as `upgrade_settings.0.max_surge`, from the resource's root. */
function valueAtKey(root: ValueObject, key: string): Value | undefined {
  let current: Value | undefined = root;
  for (const segment of key.split(".")) {
    if (isAbsent(current) || isUnknown(current)) return current;
    if (/^\d+$/.test(segment)) {
      const list = blocksOf(current);
      current = list[Number(segment)];
      continue;
    }
    if (!isValueObject(current)) return undefined;
    current = current[segment];
  }
  return current;
}

function asNumber(value: Value): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value))) return Number(value);
  return undefined;
}

/** Why a literal value fails a validator, or undefined when it passes (or cannot be judged). */
function validationProblem(validator: Validator, value: Value): string | undefined {
  if (isUnknown(value) || value === null || typeof value === "object") return undefined;
  const text = String(value);
  switch (validator.kind) {
    case "StringInSlice": {
      const match = validator.ignoreCase ? validator.values.some((allowed) => allowed.toLowerCase() === text.toLowerCase()) : validator.values.includes(text);
      return match ? undefined : `"${text}" is not one of ${validator.values.join(", ")}`;
    }
    case "IntInSlice":
      return validator.values.includes(asNumber(value) ?? NaN) ? undefined : `${text} is not one of ${validator.values.join(", ")}`;
    case "IntBetween":
    case "FloatBetween": {
      const number = asNumber(value);
      return number !== undefined && number >= validator.min && number <= validator.max ? undefined : `${text} is not between ${validator.min} and ${validator.max}`;
    }
    case "IntAtLeast":
    case "FloatAtLeast": {
      const number = asNumber(value);
      return number !== undefined && number >= validator.min ? undefined : `${text} is below ${validator.min}`;
    }
    case "StringLenBetween":
      return text.length >= validator.min && text.length <= validator.max ? undefined : `"${text}" is not ${validator.min}-${validator.max} characters long`;
    case "StringMatch":
      return new RegExp(validator.re).test(text) ? undefined : `"${text}" does not match ${validator.re}${validator.msg ? ` (${validator.msg})` : ""}`;
    case "StringDoesNotContainAny":
      return [...validator.chars].some((char) => text.includes(char)) ? `"${text}" contains one of ${validator.chars}` : undefined;
    case "StringIsNotEmpty":
      return text === "" ? "is empty" : undefined;
    case "NoZeroValues":
      return text === "" || value === 0 || value === false ? "is a zero value" : undefined;
    case "IsUUID":
      return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text) ? undefined : `"${text}" is not a UUID`;
    case "StringIsJSON":
      try {
        JSON.parse(text);
        return undefined;
      } catch {
        return "is not valid JSON";
      }
    case "Any": {
      const problems = validator.items.map((item) => validationProblem(item, value));
      return problems.some((problem) => problem === undefined) ? undefined : problems.join(" and ");
    }
  }
}

function crossFieldProblems(root: ValueObject, attribute: AttributeSchema, value: Value | undefined): string[] {
  const problems: string[] = [];
  const set = (key: string) => isSet(valueAtKey(root, key));
  if (attribute.exactlyOneOf) {
    const present = attribute.exactlyOneOf.filter(set);
    if (present.length > 1 && isSet(value)) problems.push(`only one of [${attribute.exactlyOneOf.join(", ")}] can be set, but ${present.join(" and ")} are (ExactlyOneOf)`);
    if (present.length === 0) problems.push(`one of [${attribute.exactlyOneOf.join(", ")}] must be set (ExactlyOneOf)`);
  }
  if (attribute.atLeastOneOf && !attribute.atLeastOneOf.some(set)) problems.push(`one of [${attribute.atLeastOneOf.join(", ")}] must be set (AtLeastOneOf)`);
  if (isSet(value)) {
    const conflicting = (attribute.conflictsWith ?? []).filter(set);
    if (conflicting.length > 0) problems.push(`conflicts with ${conflicting.join(", ")} (ConflictsWith)`);
    const missing = (attribute.requiredWith ?? []).filter((key) => !set(key));
    if (missing.length > 0) problems.push(`needs ${missing.join(", ")} set as well (RequiredWith)`);
  }
  return problems;
}

/** Blocks the plugin SDK adds to every resource (azurerm resources all declare Timeouts); not in the table. */
const SDK_BLOCKS = new Set(["timeouts"]);

function checkBlock(root: ValueObject, values: ValueObject, schema: BlockSchema, prefix: string, out: Violation[]): void {
  for (const name of Object.keys(values)) {
    if (!(name in schema.attrs) && !(prefix === "" && SDK_BLOCKS.has(name))) out.push({ path: `${prefix}${name}`, problem: "is not an argument of this resource type", at: "" });
  }
  for (const [name, attribute] of Object.entries(schema.attrs)) {
    const path = `${prefix}${name}`;
    const value = values[name];
    const report = (problem: string) => out.push({ path, problem, at: attribute.at });
    if (isUnknown(value)) continue;
    if (attribute.required && isAbsent(value)) report("is required");
    if (attribute.computed && !attribute.optional && !attribute.required && !isAbsent(value)) report("is computed by the provider and cannot be set");
    for (const problem of crossFieldProblems(root, attribute, value)) report(problem);
    if (isAbsent(value)) continue;
    if (attribute.block) {
      const blocks = blocksOf(value);
      if (attribute.maxItems !== undefined && blocks.length > attribute.maxItems) report(`has ${blocks.length} blocks; at most ${attribute.maxItems} allowed`);
      if (attribute.minItems !== undefined && blocks.length < attribute.minItems) report(`has ${blocks.length} blocks; at least ${attribute.minItems} needed`);
      blocks.forEach((block, index) => {
        if (isValueObject(block)) checkBlock(root, block, attribute.block!, `${path}.${blocks.length > 1 ? `${index}.` : ""}`, out);
      });
      continue;
    }
    if (!attribute.validate) continue;
    const elements = attribute.type === "TypeList" || attribute.type === "TypeSet" ? blocksOf(value) : attribute.type === "TypeMap" && isValueObject(value) ? Object.values(value) : [value];
    for (const element of elements) {
      const problem = validationProblem(attribute.validate, element);
      if (problem) report(problem);
    }
  }
}

/** What the provider's schema refuses in one resource's configuration; undefined when its type is not in the table. */
export function schemaViolations(type: string, values: ValueObject): Violation[] | undefined {
  const schema = CONSTRAINTS.types[type];
  if (!schema) return undefined;
  const out: Violation[] = [];
  checkBlock(values, values, schema.block, "", out);
  return out;
}
