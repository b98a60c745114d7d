/**
 * The shape of an azurerm resource as the provider schema types it, in the compact form the committed table
 * uses. An attribute is `s` (string), `n` (number), `b` (bool), `l:<type>` (a list or set of <type>) or
 * `m:<type>` (a map of <type>); a nested block is an object of its own attributes.
 */
export type AttributeType = string;

export interface BlockSchema {
  readonly [attribute: string]: AttributeType | BlockSchema;
}

export interface SchemaTable {
  /** Where the types come from, e.g. `@cdktf/provider-azurerm 14.23.1 (azurerm 4.55.0)`. */
  readonly source: string;
  readonly resources: { readonly [type: string]: BlockSchema };
}

export function isBlockSchema(type: AttributeType | BlockSchema | undefined): type is BlockSchema {
  return typeof type === "object";
}
