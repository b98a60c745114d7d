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

export type Resources = Record<string, Record<string, unknown>>;

/** Attributes that are maps, not nested blocks: they stay objects in every form. */
const MAP_ATTRIBUTES = new Set(["tags", "body", "node_labels", "metadata"]);

/** Terraform JSON with the resources; `listBlocks` writes nested blocks as one-element lists (hand-written style). */
export function terraformJson(resources: Resources, listBlocks = false): object {
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
  return { resource };
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

/** The plan `terraform show -json` would print for creating these resources. */
export function planJson(resources: Resources): object {
  const changes = Object.entries(resources).map(([address, body]) => {
    const [type, name] = address.split(".");
    const { after, unknown, expression } = convert(body, "");
    return {
      change: { address, mode: "managed", type, name, change: { actions: ["create"], before: null, after, after_unknown: unknown } },
      config: { address, mode: "managed", type, name, expressions: expression },
    };
  });
  return {
    format_version: "1.2",
    terraform_version: "1.9.8",
    resource_changes: changes.map((entry) => entry.change),
    configuration: { root_module: { resources: changes.map((entry) => entry.config) } },
  };
}

export type Form = "cdktf" | "tf.json lists" | "plan";
export const FORMS: readonly Form[] = ["cdktf", "tf.json lists", "plan"];

/** Runs the pack (or some rules) over the resources rendered in one form. */
export function evaluateIn(form: Form, resources: Resources, rules: readonly Rule[] = HIPAA_AZURE_PACK, now?: Date): Evaluation {
  const raws =
    form === "plan"
      ? readPlanJson(planJson(resources), "plan.json")
      : readTerraformJson(terraformJson(resources, form === "tf.json lists"), { file: "main.tf.json", kind: form === "cdktf" ? "cdktf" : "terraform-json", scope: "main" });
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
