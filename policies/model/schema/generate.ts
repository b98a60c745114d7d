/**
 * Generates `azurerm-types.json`: the attribute types of every azurerm resource type the policy sources name,
 * read from the installed `@cdktf/provider-azurerm` bindings, whose `toHclTerraform` functions type every
 * attribute and nested block. Loading the bindings at run time costs seconds and hundreds of MB; reading their
 * text here, once, costs neither, and the model loads only the small table.
 *
 * Run `npm run schema:types` after upgrading the provider bindings or naming a new resource type in a rule; a
 * test fails until the committed table matches both.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { AttributeType, BlockSchema, SchemaTable } from "./types";

const SIMPLE_TYPES: Readonly<Record<string, AttributeType>> = {
  "simple/string": "s",
  "simple/number": "n",
  "simple/boolean": "b",
  "list/stringList": "l:s",
  "set/stringList": "l:s",
  "list/numberList": "l:n",
  "set/numberList": "l:n",
  "list/booleanList": "l:b",
  "set/booleanList": "l:b",
  "list/numberListList": "l:l:n",
  "map/stringMap": "m:s",
  "map/numberMap": "m:n",
  "map/booleanMap": "m:b",
};

/** One entry of a binding's `attrs` object: `name: { value: ..., isBlock: ..., type: "...", storageClassType: "..." },`. */
const ATTRIBUTE = /^ +(\w+): \{\n +value: ([^\n]*),\n +isBlock: (true|false),\n +type: "(\w+)",\n +storageClassType: "(\w+)",\n +\},$/gm;
/** A nested block's converter, named in the value expression (cdktf's own converters are `cdktf.*`). */
const BLOCK_CONVERTER = /(?<!cdktf\.)\b(\w+)ToHclTerraform\b/;

export function bindingsDirectory(): string {
  return path.join(path.dirname(require.resolve("@cdktf/provider-azurerm/package.json")), "lib");
}

function bindingFile(type: string): string {
  return path.join(bindingsDirectory(), type.replace(/^azurerm_/, "").replace(/_/g, "-"), "index.js");
}

/** The `attrs` object bodies of a binding: each block converter's, and the resource's own (key ""). */
function attributeBodies(text: string): Map<string, string> {
  const bodies = new Map<string, string>();
  for (const chunk of text.split(/^(?=function )/m)) {
    const match = chunk.match(/^function (\w+)ToHclTerraform\(struct\) \{\n[\s\S]*?\n {4}const attrs = \{\n([\s\S]*?)\n {4}\};$/m);
    if (match) bodies.set(match[1], match[2]);
  }
  const resource = text.match(/\n {4}synthesizeHclAttributes\(\) \{\n {8}const attrs = \{\n([\s\S]*?)\n {8}\};/);
  if (!resource) throw new Error("no synthesizeHclAttributes() in the binding");
  bodies.set("", resource[1]);
  return bodies;
}

function blockSchema(bodies: ReadonlyMap<string, string>, converter: string, where: string): BlockSchema {
  const body = bodies.get(converter);
  if (body === undefined) throw new Error(`${where}: no converter ${converter}ToHclTerraform`);
  const schema: Record<string, AttributeType | BlockSchema> = {};
  for (const [, name, value, isBlock, type, storage] of body.matchAll(ATTRIBUTE)) {
    if (name === "timeouts") continue;
    if (isBlock === "true") {
      const nested = value.match(BLOCK_CONVERTER);
      if (!nested) throw new Error(`${where}.${name}: a block without a converter`);
      schema[name] = blockSchema(bodies, nested[1], `${where}.${name}`);
      continue;
    }
    const simple = SIMPLE_TYPES[`${type}/${storage}`];
    if (simple === undefined) throw new Error(`${where}.${name}: attribute type ${type}/${storage} is not mapped`);
    schema[name] = simple;
  }
  return sortKeys(schema);
}

function sortKeys(schema: Record<string, AttributeType | BlockSchema>): BlockSchema {
  return Object.fromEntries(Object.keys(schema).sort().map((key) => [key, schema[key]]));
}

/** The schema of one resource type from its binding, or undefined when the bindings have no such resource. */
export function schemaFromBinding(type: string): BlockSchema | undefined {
  const file = bindingFile(type);
  if (!fs.existsSync(file)) return undefined;
  const text = fs.readFileSync(file, "utf8");
  if (!text.includes(`.tfResourceType = "${type}";`)) throw new Error(`${file} does not bind ${type}`);
  return blockSchema(attributeBodies(text), "", type);
}

function sourceFiles(directory: string, except: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return full === except ? [] : sourceFiles(full, except);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** Every `"azurerm_*"` string literal in the TypeScript sources under `policies` (model/schema excepted). */
export function typesNamedIn(policies: string): string[] {
  const types = new Set<string>();
  for (const file of sourceFiles(policies, path.join(policies, "model", "schema"))) {
    for (const match of fs.readFileSync(file, "utf8").matchAll(/["'`](azurerm_[a-z0-9_]+)["'`]/g)) types.add(match[1]);
  }
  return [...types].sort();
}

function providerSource(): string {
  const root = path.dirname(bindingsDirectory());
  const bindings = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string };
  const provider = fs.readFileSync(path.join(bindingsDirectory(), "provider", "index.js"), "utf8").match(/providerVersion: '([\d.]+)'/)?.[1] ?? "unknown";
  return `@cdktf/provider-azurerm ${bindings.version} (azurerm ${provider})`;
}

/** The table for the resource types named in the policy sources that the bindings know. */
export function generateTable(policiesDirectory: string): SchemaTable {
  const resources: Record<string, BlockSchema> = {};
  for (const type of typesNamedIn(policiesDirectory)) {
    const schema = schemaFromBinding(type);
    if (schema) resources[type] = schema;
  }
  return { source: providerSource(), resources };
}

/** The policies/ source folder, whether this runs from the sources or compiled in dist/. */
export function policiesSourceDirectory(): string {
  const compiled = __dirname.split(path.sep).includes("dist");
  return path.join(path.resolve(__dirname, ...Array<string>(compiled ? 4 : 3).fill("..")), "policies");
}

export const TABLE_FILE = "azurerm-types.json";

if (require.main === module) {
  const sources = policiesSourceDirectory();
  const table = generateTable(sources);
  const file = path.join(sources, "model", "schema", TABLE_FILE);
  fs.writeFileSync(file, `${JSON.stringify(table)}\n`);
  process.stderr.write(`wrote ${file}: ${Object.keys(table.resources).length} resource types from ${table.source}\n`);
}
