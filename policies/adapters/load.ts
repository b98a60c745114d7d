import * as fs from "node:fs";
import * as path from "node:path";
import type { InputKind } from "../model/resource";
import type { ResourceModel } from "../model/model";
import { readCdktfOut, readCdktfStacks } from "./cdktf-out";
import { isPlanJson, planFormatWarning, readPlanJson } from "./plan-json";
import { buildModel, InputError, type RawResource } from "./raw";
import { providerVersionsOf, readTerraformJson, TERRAFORM_JSON_KEYS } from "./terraform-json";

/** One input as detected from its content. */
export interface LoadedInput {
  readonly path: string;
  readonly kind: InputKind | "cdktf-out" | "terraform-directory";
  readonly resources: number;
}

export interface LoadedModel {
  readonly model: ResourceModel;
  readonly inputs: readonly LoadedInput[];
  /** What the user should know about the inputs, though they could be read (e.g. an unknown plan format). */
  readonly warnings: readonly string[];
}

/** The first bytes of a zip archive, which is what `terraform plan -out` writes. */
const ZIP_SIGNATURE = Buffer.from("PK\x03\x04", "latin1");

/** Reads and parses a JSON file; InputError names the file when it cannot be read or parsed. */
export function readJsonFile(file: string): { document: unknown; text: string } {
  let bytes: Buffer;
  try {
    // As bytes, then decoded: twice as fast for a plan of many megabytes as fs's own decoding (Node 22).
    bytes = fs.readFileSync(file);
  } catch (error) {
    throw new InputError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (bytes.subarray(0, ZIP_SIGNATURE.length).equals(ZIP_SIGNATURE)) {
    throw new InputError(file, `a binary Terraform plan, which only Terraform can read. Fix: run \`terraform show -json ${file} > plan.json\` and check plan.json`);
  }
  const text = bytes.toString("utf8");
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

interface ReadInput {
  readonly kind: LoadedInput["kind"];
  readonly resources: RawResource[];
  readonly warnings?: readonly string[];
}

function readFile(file: string): ReadInput & { kind: InputKind } {
  const { document, text } = readJsonFile(file);
  const kind = detectKind(document);
  switch (kind) {
    case "plan": {
      const warning = planFormatWarning(document, file);
      return { kind, resources: readPlanJson(document, file, text), ...(warning ? { warnings: [warning] } : {}) };
    }
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

function readPath(input: string): ReadInput {
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
  // The *.tf.json files of one directory form one Terraform module: references and provider versions cross files.
  const documents = files.map((name) => {
    const file = path.join(input, name);
    const read = readJsonFile(file);
    if (detectKind(read.document) === undefined) throw new InputError(file, "not Terraform JSON");
    return { file, ...read };
  });
  const providerVersions = Object.assign({}, ...documents.map(({ document }) => providerVersionsOf(document))) as Record<string, string>;
  return {
    kind: "terraform-directory",
    resources: documents.flatMap(({ file, document, text }) => readTerraformJson(document, { file, kind: "terraform-json", scope: input, text, providerVersions })),
  };
}

/** Directories first: they resolve references across the files they hold, which a file read alone cannot. */
function directoriesFirst(reads: readonly { read: ReadInput }[]): { read: ReadInput }[] {
  const isDirectory = (read: ReadInput) => read.kind === "cdktf-out" || read.kind === "terraform-directory";
  return [...reads.filter(({ read }) => isDirectory(read)), ...reads.filter(({ read }) => !isDirectory(read))];
}

/**
 * Reads every path (a cdktf.out directory, a directory of *.tf.json, a `cdk.tf.json`, any `*.tf.json`, a
 * plan JSON) into one model. A file named twice, or inside a directory also named, is taken once. Throws
 * InputError naming the file for anything unreadable or unrecognised.
 */
export function loadModel(paths: readonly string[]): LoadedModel {
  const reads = paths.map((input) => ({ input, read: readPath(input) }));
  const readBefore = new Set<string>();
  const resolved = new Map<string, string>();
  const resolve = (file: string) => resolved.get(file) ?? resolved.set(file, path.resolve(file)).get(file)!;
  // Consecutive resources come from the same file: one look-up per run of them.
  let lastFile: string | undefined;
  let lastResolved = "";
  const fileOf = (resource: RawResource) => {
    if (resource.source.file !== lastFile) {
      lastFile = resource.source.file;
      lastResolved = resolve(lastFile);
    }
    return lastResolved;
  };
  const resources = directoriesFirst(reads).flatMap(({ read }) => {
    const fresh = read.resources.filter((resource) => !readBefore.has(fileOf(resource)));
    for (const resource of read.resources) readBefore.add(fileOf(resource));
    return fresh;
  });
  return {
    model: buildModel(resources),
    inputs: reads.map(({ input, read }) => ({ path: input, kind: read.kind, resources: read.resources.length })),
    warnings: [...new Set(reads.flatMap(({ read }) => read.warnings ?? []))],
  };
}
