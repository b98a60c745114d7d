/**
 * The attribute types of the azurerm resources the rules read: the table generated from the installed
 * provider bindings (`azurerm-types.json`, see generate.ts) with the older generations' attributes
 * (legacy.ts) added. The model normalises values with it once (see ../normalize.ts).
 */
import table from "./azurerm-types.json";
import { LEGACY_ATTRIBUTES } from "./legacy";
import { isBlockSchema, type BlockSchema, type SchemaTable } from "./types";

export { isBlockSchema, type AttributeType, type BlockSchema, type SchemaTable } from "./types";

/** Adds `extra`'s attributes to `base` (nested blocks merged); `base` wins where both type an attribute. */
export function mergeSchemas(base: BlockSchema | undefined, extra: BlockSchema | undefined): BlockSchema | undefined {
  if (!base || !extra) return base ?? extra;
  const merged: Record<string, BlockSchema[string]> = { ...extra, ...base };
  for (const [name, type] of Object.entries(extra)) {
    const own = base[name];
    if (isBlockSchema(own) && isBlockSchema(type)) merged[name] = mergeSchemas(own, type)!;
  }
  return merged;
}

export const GENERATED_TABLE: SchemaTable = table;

const schemas = new Map<string, BlockSchema | undefined>();

/** The schema of an azurerm resource type, every generation's attributes; undefined for types no rule names. */
export function schemaOf(type: string): BlockSchema | undefined {
  if (!schemas.has(type)) schemas.set(type, mergeSchemas(GENERATED_TABLE.resources[type], LEGACY_ATTRIBUTES[type]));
  return schemas.get(type);
}
