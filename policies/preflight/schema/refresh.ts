/**
 * Re-projects the constraint table from an extraction of the azurerm provider's Go source (a JSON file with the
 * schema of every type, as the platform team's schema-extraction tooling writes it), keeping the declarative parts
 * this project evaluates. Run after a provider upgrade or when the stacks emit a new azurerm type:
 *   npm run build && node dist/policies/preflight/schema/refresh.js <extraction.json>
 * It keeps the extraction's tag and commit, and refuses an extraction of another provider version.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { AttributeSchema, BlockSchema, ConstraintTable, Validator } from "./table";

export const TABLE_FILE = path.join(__dirname, "..", "..", "..", "..", "policies", "preflight", "schema", "azurerm-constraints.json");
const EXPECTED_TAG = "v4.55.0";

interface ExtractedAttribute {
  readonly at: string;
  readonly type: AttributeSchema["type"];
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly maxItems?: number;
  readonly minItems?: number;
  readonly exactlyOneOf?: string[];
  readonly conflictsWith?: string[];
  readonly requiredWith?: string[];
  readonly atLeastOneOf?: string[];
  readonly validate?: { readonly kind: string; readonly items?: unknown[] } & Record<string, unknown>;
  readonly elem?: { readonly block?: { readonly attrs: Record<string, ExtractedAttribute> }; readonly type?: string };
}

const DECLARATIVE = new Set(["StringInSlice", "IntInSlice", "IntBetween", "FloatBetween", "IntAtLeast", "FloatAtLeast", "StringLenBetween", "StringMatch", "StringDoesNotContainAny", "StringIsNotEmpty", "NoZeroValues", "IsUUID", "StringIsJSON"]);

function validator(extracted: ExtractedAttribute["validate"]): Validator | undefined {
  if (!extracted) return undefined;
  if (extracted.kind === "Any") {
    const items = (extracted.items ?? []).map((item) => validator(item as ExtractedAttribute["validate"]));
    // Any() passes when one alternative does: with a provider-specific alternative we cannot tell, so drop it.
    return items.every((item) => item !== undefined) ? { kind: "Any", items: items as Validator[] } : undefined;
  }
  if (!DECLARATIVE.has(extracted.kind)) return undefined;
  const { kind, ...rest } = extracted;
  return { kind, ...rest } as Validator;
}

function project(attrs: Record<string, ExtractedAttribute>): BlockSchema {
  return {
    attrs: Object.fromEntries(
      Object.entries(attrs).map(([name, attr]): [string, AttributeSchema] => {
        const validate = validator(attr.validate);
        return [
          name,
          {
            at: attr.at.split(";")[0],
            type: attr.type,
            ...(attr.required ? { required: true } : {}),
            ...(attr.optional ? { optional: true } : {}),
            ...(attr.computed ? { computed: true } : {}),
            ...(attr.maxItems ? { maxItems: attr.maxItems } : {}),
            ...(attr.minItems ? { minItems: attr.minItems } : {}),
            ...(attr.exactlyOneOf ? { exactlyOneOf: attr.exactlyOneOf } : {}),
            ...(attr.conflictsWith ? { conflictsWith: attr.conflictsWith } : {}),
            ...(attr.requiredWith ? { requiredWith: attr.requiredWith } : {}),
            ...(attr.atLeastOneOf ? { atLeastOneOf: attr.atLeastOneOf } : {}),
            ...(validate ? { validate } : {}),
            ...(attr.elem?.block ? { block: project(attr.elem.block.attrs) } : {}),
          },
        ];
      }),
    ),
  };
}

export function projectTable(extraction: { tag: string; commit: string; types: Record<string, { at: string; schema?: { attrs: Record<string, ExtractedAttribute> } }> }): ConstraintTable {
  if (extraction.tag !== EXPECTED_TAG) throw new Error(`the extraction is of ${extraction.tag}, not ${EXPECTED_TAG}. Fix: extract the pinned provider version`);
  const types = Object.fromEntries(
    Object.entries(extraction.types)
      .filter(([, type]) => type.schema)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, type]) => [name, { at: type.at, block: project(type.schema!.attrs) }]),
  );
  return { provider: "hashicorp/azurerm", version: EXPECTED_TAG.slice(1), tag: EXPECTED_TAG, commit: extraction.commit, types };
}

if (require.main === module) {
  const [input] = process.argv.slice(2);
  if (!input) {
    process.stderr.write("usage: refresh.js <extraction.json>\n");
    process.exitCode = 2;
  } else {
    const table = projectTable(JSON.parse(fs.readFileSync(input, "utf8")));
    fs.writeFileSync(TABLE_FILE, `${JSON.stringify(table, null, 1)}\n`);
    process.stdout.write(`wrote ${Object.keys(table.types).length} types (azurerm ${table.tag}, ${table.commit}) to ${TABLE_FILE}\n`);
  }
}
