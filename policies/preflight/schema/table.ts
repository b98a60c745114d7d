/**
 * The azurerm schema constraints `terraform validate` would enforce, as a committed table (azurerm-constraints.json)
 * for the resource types we emit, projected from the provider's own Go source at the pinned tag (see refresh.ts).
 * No provider binary runs where this project is tested, so the preflight checks these itself.
 */

/** Declarative validators of the SDK's `validation` package; provider-specific validators are left out. */
export type Validator =
  | { readonly kind: "StringInSlice"; readonly values: readonly string[]; readonly ignoreCase: boolean }
  | { readonly kind: "IntInSlice"; readonly values: readonly number[] }
  | { readonly kind: "IntBetween" | "FloatBetween"; readonly min: number; readonly max: number }
  | { readonly kind: "IntAtLeast" | "FloatAtLeast"; readonly min: number }
  | { readonly kind: "StringLenBetween"; readonly min: number; readonly max: number }
  | { readonly kind: "StringMatch"; readonly re: string; readonly msg?: string }
  | { readonly kind: "StringDoesNotContainAny"; readonly chars: string }
  | { readonly kind: "StringIsNotEmpty" | "NoZeroValues" | "IsUUID" | "StringIsJSON" }
  | { readonly kind: "Any"; readonly items: readonly Validator[] };

export interface AttributeSchema {
  /** Provider source `file:line`. */
  readonly at: string;
  readonly type: "TypeString" | "TypeInt" | "TypeFloat" | "TypeBool" | "TypeList" | "TypeSet" | "TypeMap";
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly maxItems?: number;
  readonly minItems?: number;
  readonly exactlyOneOf?: readonly string[];
  readonly conflictsWith?: readonly string[];
  readonly requiredWith?: readonly string[];
  readonly atLeastOneOf?: readonly string[];
  readonly validate?: Validator;
  /** A nested block, or the element type of a list, set or map of primitives. */
  readonly block?: BlockSchema;
}

export interface BlockSchema {
  readonly attrs: Readonly<Record<string, AttributeSchema>>;
}

export interface ConstraintTable {
  readonly provider: string;
  readonly version: string;
  readonly tag: string;
  /** The commit the tag pointed at when the table was made. */
  readonly commit: string;
  readonly types: Readonly<Record<string, { readonly at: string; readonly block: BlockSchema }>>;
}
