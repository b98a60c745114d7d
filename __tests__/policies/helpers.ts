import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { run } from "../../scripts/program";
import { buildModel } from "../../policies/adapters/raw";
import { readPlanJson } from "../../policies/adapters/plan-json";
import { readTerraformJson } from "../../policies/adapters/terraform-json";
import { referencesIn } from "../../policies/adapters/expressions";
import { evaluate, type Evaluation, type PolicyResult } from "../../policies/engine/evaluate";
import type { Rule } from "../../policies/engine/rule";
import { HIPAA_AZURE_PACK } from "../../policies/pack";
import { normalizeValues } from "../../policies/model/normalize";
import type { ValueObject } from "../../policies/model";

export type Resources = Record<string, Record<string, unknown>>;
/** Provider version constraints the input states, e.g. `{ azurerm: "~> 3.0" }`. */
export type Providers = Record<string, string>;

/** Attributes that are maps, not nested blocks: they stay objects in every form. */
const MAP_ATTRIBUTES = new Set(["tags", "body", "node_labels", "metadata"]);

/** Terraform JSON with the resources; `listBlocks` writes nested blocks as one-element lists (hand-written style). */
export function terraformJson(resources: Resources, listBlocks = false, providers: Providers = {}): object {
  const resource: Record<string, Record<string, unknown>> = {};
  const asLists = (value: unknown, key = ""): unknown => {
    if (Array.isArray(value)) return value.map((item) => asLists(item));
    if (typeof value !== "object" || value === null) return value;
    const object = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, MAP_ATTRIBUTES.has(k) ? v : asLists(v, k)]));
    return listBlocks && key !== "" ? [object] : object;
  };
  for (const [address, body] of Object.entries(resources)) {
    const [type, name] = address.split(".");
    resource[type] = { ...(resource[type] ?? {}), [name]: asLists(body) };
  }
  const required = Object.fromEntries(Object.entries(providers).map(([name, version]) => [name, { source: `hashicorp/${name}`, version }]));
  return Object.keys(required).length > 0 ? { terraform: { required_providers: required }, resource } : { resource };
}

interface Converted {
  after: unknown;
  unknown: unknown;
  expression: unknown;
}

/** `key` "" means the value is not a nested block (the resource body, or an element of a block list). */
function convert(value: unknown, key: string): Converted {
  if (typeof value === "string" && value.includes("${")) {
    const references = referencesIn(value, "").map((reference) => reference.address);
    const withVars = [...value.matchAll(/var\.[\w-]+/g)].map((match) => match[0]);
    return { after: null, unknown: true, expression: { references: [...references.flatMap((address) => [`${address}.id`, address]), ...withVars] } };
  }
  if (Array.isArray(value)) {
    const items = value.map((item) => convert(item, ""));
    const isBlockList = value.some((item) => typeof item === "object" && item !== null);
    const references = items.flatMap((item) => ((item.expression as { references?: string[] }).references ?? []));
    return {
      after: items.map((item) => item.after),
      unknown: items.map((item) => item.unknown),
      expression: isBlockList ? items.map((item) => item.expression) : references.length > 0 ? { references } : { constant_value: value },
    };
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).map(([k, v]) => [k, convert(v, k)] as const);
    const after = Object.fromEntries(entries.map(([k, c]) => [k, c.after]));
    const unknown = Object.fromEntries(entries.map(([k, c]) => [k, c.unknown]));
    const expression = Object.fromEntries(entries.map(([k, c]) => [k, c.expression]));
    return MAP_ATTRIBUTES.has(key) || key === "" ? { after, unknown, expression } : { after: [after], unknown: [unknown], expression: [expression] };
  }
  return { after: value, unknown: false, expression: { constant_value: value } };
}

/**
 * The plan `terraform show -json` would print for creating these resources. Terraform converts configuration
 * literals to the schema's types before it plans (3389 given to a string attribute is planned as "3389"), so the
 * plan carries typed values: the model's normalisation stands in for Terraform's conversion here.
 */
export function planJson(resources: Resources, providers: Providers = {}): object {
  const changes = Object.entries(resources).map(([address, body]) => {
    const [type, name] = address.split(".");
    const { after: literal, unknown, expression } = convert(body, "");
    const after = normalizeValues(type, literal as ValueObject);
    return {
      change: { address, mode: "managed", type, name, change: { actions: ["create"], before: null, after, after_unknown: unknown } },
      config: { address, mode: "managed", type, name, expressions: expression },
    };
  });
  return {
    format_version: "1.2",
    terraform_version: "1.9.8",
    resource_changes: changes.map((entry) => entry.change),
    configuration: {
      provider_config: Object.fromEntries(Object.entries(providers).map(([name, version]) => [name, { name, full_name: `registry.terraform.io/hashicorp/${name}`, version_constraint: version }])),
      root_module: { resources: changes.map((entry) => entry.config) },
    },
  };
}

/** Applies `convert` to every scalar of the resources, except inside azapi bodies (free-form ARM JSON, not schema-typed). */
function mapScalars(resources: Resources, convert: (value: unknown) => unknown): Resources {
  const walk = (value: unknown, key = ""): unknown => {
    if (key === "body") return value;
    if (Array.isArray(value)) return value.map((item) => walk(item));
    if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    return convert(value);
  };
  return Object.fromEntries(Object.entries(resources).map(([address, body]) => [address, walk(body) as Record<string, unknown>]));
}

/** What Terraform would accept as the same configuration: every number and boolean written as a string. */
export function scalarsAsStrings(resources: Resources): Resources {
  return mapScalars(resources, (value) => (typeof value === "number" || typeof value === "boolean" ? String(value) : value));
}

/** The same configuration with every numeric string (a port, a count) written as a number. */
export function numericStringsAsNumbers(resources: Resources): Resources {
  return mapScalars(resources, (value) => (typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value));
}

/** azapi 1.x wrote the request body as a JSON string; 2.x as an object. Bodies with expressions stay objects. */
export function azapiBodiesAsStrings(resources: Resources): Resources {
  return Object.fromEntries(
    Object.entries(resources).map(([address, body]) => [
      address,
      address.startsWith("azapi_resource.") && typeof body.body === "object" && !JSON.stringify(body.body).includes("${") ? { ...body, body: JSON.stringify(body.body) } : body,
    ]),
  );
}

/**
 * How a case is written: cdktf output, hand-written Terraform JSON (blocks as lists), a plan, and hand-written
 * Terraform JSON with literals of the other type Terraform converts (3389 for "3389", "true" for true), and
 * azapi 1.x string bodies. A rule must give the same verdict in every form.
 */
export type Form = "cdktf" | "tf.json lists" | "plan" | "scalars as strings" | "numeric strings as numbers" | "azapi 1.x string bodies";
export const FORMS: readonly Form[] = ["cdktf", "tf.json lists", "plan", "scalars as strings", "numeric strings as numbers", "azapi 1.x string bodies"];

const REWRITES: Partial<Record<Form, (resources: Resources) => Resources>> = {
  "scalars as strings": scalarsAsStrings,
  "numeric strings as numbers": numericStringsAsNumbers,
  "azapi 1.x string bodies": azapiBodiesAsStrings,
};

/** Fixtures may leave an attribute `undefined` to take it out of a base configuration: such keys are not written. */
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined).map(([key, item]) => [key, withoutUndefined(item)]));
}

/** Runs the pack (or some rules) over the resources rendered in one form. */
export function evaluateIn(form: Form, resources: Resources, rules: readonly Rule[] = HIPAA_AZURE_PACK, now?: Date, providers: Providers = {}): Evaluation {
  const clean = withoutUndefined(resources) as Resources;
  const written = REWRITES[form]?.(clean) ?? clean;
  const raws =
    form === "plan"
      ? readPlanJson(planJson(written, providers), "plan.json")
      : readTerraformJson(terraformJson(written, form !== "cdktf", providers), { file: "main.tf.json", kind: form === "cdktf" ? "cdktf" : "terraform-json", scope: "main" });
  return evaluate(buildModel(raws), rules, { now });
}

export function resultOf(evaluation: Evaluation, ruleId: string, address: string): PolicyResult | undefined {
  return evaluation.results.find((result) => result.ruleId === ruleId && result.address === address);
}

/** Runs `fhi` in-process, as the binary would, capturing its output and exit code. */
export async function fhi(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await run(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

/** The shipped SARIF 2.1.0 schema (draft-04) compiled with Ajv 8. */
export function sarifValidator() {
  const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "../../policies/report/sarif-schema-2.1.0.json"), "utf8"));
  const { $schema: _draft, id, ...rest } = schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile({ $id: id, ...rest });
}
