import * as fs from "node:fs";
import * as path from "node:path";
import type { InputKind } from "../model/resource";
import type { ResourceModel } from "../model/model";
import { readCdktfOut, readCdktfStacks } from "./cdktf-out";
import { isPlanJson, readPlanJson } from "./plan-json";
import { buildModel, InputError, type RawResource } from "./raw";
import { readTerraformJson, TERRAFORM_JSON_KEYS } from "./terraform-json";

/** One input as detected from its content. */
export interface LoadedInput {
  readonly path: string;
  readonly kind: InputKind | "cdktf-out" | "terraform-directory";
  readonly resources: number;
}

export interface LoadedModel {
  readonly model: ResourceModel;
  readonly inputs: readonly LoadedInput[];
}

/** Reads and parses a JSON file; InputError names the file when it cannot be read or parsed. */
export function readJsonFile(file: string): { document: unknown; text: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new InputError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    return { document: JSON.parse(text) as unknown, text };
  } catch (error) {
    throw new InputError(file, `not valid JSON (${(error as Error).message.split("\n")[0]})`);
  }
}

/** What a JSON file is, from its content: a plan, a cdktf stack, plain Terraform JSON, or none of them. */
export function detectKind(document: unknown): InputKind | undefined {
  if (isPlanJson(document)) return "plan";
  if (typeof document !== "object" || document === null || Array.isArray(document)) return undefined;
  const keys = Object.keys(document);
  if (!keys.some((key) => TERRAFORM_JSON_KEYS.includes(key))) return undefined;
  const stackName = (document as { "//"?: { metadata?: { stackName?: unknown } } })["//"]?.metadata?.stackName;
  return typeof stackName === "string" ? "cdktf" : "terraform-json";
}

function readFile(file: string): { kind: InputKind; resources: RawResource[] } {
  const { document, text } = readJsonFile(file);
  const kind = detectKind(document);
  switch (kind) {
    case "plan":
      return { kind, resources: readPlanJson(document, file, text) };
    case "cdktf": {
      const stack = (document as { "//": { metadata: { stackName: string } } })["//"].metadata.stackName;
      return { kind, resources: readCdktfStacks([{ stack, file, document, text }]) };
    }
    case "terraform-json":
      return { kind, resources: readTerraformJson(document, { file, kind, scope: file, text }) };
    default:
      throw new InputError(file, `not Terraform JSON (no top-level ${TERRAFORM_JSON_KEYS.map((key) => `"${key}"`).join("/")}) and not a plan (no "format_version" with "resource_changes")`);
  }
}

function readPath(input: string): { kind: LoadedInput["kind"]; resources: RawResource[] } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(input);
  } catch {
    throw new InputError(input, "no such file or directory");
  }
  if (!stat.isDirectory()) return readFile(input);
  if (fs.existsSync(path.join(input, "manifest.json"))) return { kind: "cdktf-out", resources: readCdktfOut(input, readJsonFile) };
  const files = fs.readdirSync(input).filter((name) => name.endsWith(".tf.json")).sort();
  if (files.length === 0) throw new InputError(input, "a directory with neither a cdktf manifest.json nor *.tf.json files");
  // The *.tf.json files of one directory form one Terraform module: references cross files.
  return {
    kind: "terraform-directory",
    resources: files.flatMap((name) => {
      const file = path.join(input, name);
      const { document, text } = readJsonFile(file);
      if (detectKind(document) === undefined) throw new InputError(file, "not Terraform JSON");
      return readTerraformJson(document, { file, kind: "terraform-json", scope: input, text });
    }),
  };
}

/**
 * Reads every path (a cdktf.out directory, a directory of *.tf.json, a `cdk.tf.json`, any `*.tf.json`, a
 * plan JSON) into one model. Throws InputError naming the file for anything unreadable or unrecognised.
 */
export function loadModel(paths: readonly string[]): LoadedModel {
  const inputs: LoadedInput[] = [];
  const resources: RawResource[] = [];
  for (const input of paths) {
    const read = readPath(input);
    inputs.push({ path: input, kind: read.kind, resources: read.resources.length });
    resources.push(...read.resources);
  }
  return { model: buildModel(resources), inputs };
}
