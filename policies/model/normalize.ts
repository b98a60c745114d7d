import { schemaOf, isBlockSchema, type AttributeType, type BlockSchema } from "./schema";
import { isUnknown, isValueObject, type Value, type ValueObject } from "./value";

/*
 * Terraform converts every literal to the type the provider's schema gives its attribute before the provider
 * sees it (zclconf/go-cty, cty/convert/conversion_primitive.go): `3389` given to a string attribute is "3389",
 * "2048" given to a number is 2048, "true" and "1" given to a bool are true, "false" and "0" false. The model
 * applies the same conversions once, from the schema table, so that no rule has to.
 */

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function toStringValue(value: Value): Value {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return value;
}

function toNumberValue(value: Value): Value {
  return typeof value === "string" && NUMBER.test(value) ? Number(value) : value;
}

function toBoolValue(value: Value): Value {
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  return value;
}

const SCALAR_CONVERSIONS: Readonly<Record<string, (value: Value) => Value>> = { s: toStringValue, n: toNumberValue, b: toBoolValue };

/** Converts one value to an attribute type; values it cannot convert (and unknowns) are left as they are. */
export function normalizeValue(type: AttributeType | BlockSchema, value: Value): Value {
  if (value === null || isUnknown(value)) return value;
  if (isBlockSchema(type)) return normalizeBlock(type, value);
  const scalar = SCALAR_CONVERSIONS[type];
  if (scalar) return scalar(value);
  const element = type.slice(2);
  if (type.startsWith("l:")) {
    // A single element where a list belongs is what the author meant; Terraform would reject it, we read it.
    return Array.isArray(value) ? mapList(value, (item) => normalizeValue(element, item)) : [normalizeValue(element, value)];
  }
  if (type.startsWith("m:") && isValueObject(value)) return mapObject(value, (item) => normalizeValue(element, item));
  return value;
}

/** A nested block: an object (cdktf) or a list of objects (Terraform JSON, plans); its shape is kept. */
function normalizeBlock(schema: BlockSchema, value: Value): Value {
  if (Array.isArray(value)) return mapList(value, (item) => normalizeBlock(schema, item));
  return isValueObject(value) ? normalizeAttributes(schema, value) : value;
}

/** The list with `convert` applied, or the same list when nothing changed (most values already are canonical). */
function mapList(list: readonly Value[], convert: (value: Value) => Value): readonly Value[] {
  let changed: Value[] | undefined;
  list.forEach((item, index) => {
    const converted = convert(item);
    if (converted !== item) (changed ??= [...list])[index] = converted;
  });
  return changed ?? list;
}

function normalizeAttributes(schema: BlockSchema, values: ValueObject): ValueObject {
  return mapObject(values, (value, name) => {
    const type = schema[name];
    return type === undefined ? value : normalizeValue(type, value);
  });
}

/** The object with `convert` applied to each value, or the same object when nothing changed. */
function mapObject(object: ValueObject, convert: (value: Value, key: string) => Value): ValueObject {
  let changed: Record<string, Value> | undefined;
  for (const key in object) {
    const value = object[key];
    const converted = convert(value, key);
    if (converted !== value) (changed ??= { ...object })[key] = converted;
  }
  return changed ?? object;
}

/** A resource's attributes with every literal converted to its schema type; types without a schema are unchanged. */
export function normalizeValues(resourceType: string, values: ValueObject): ValueObject {
  const schema = schemaOf(resourceType);
  return schema ? normalizeAttributes(schema, values) : values;
}
