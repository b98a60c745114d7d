import type { InputKind } from "../model/resource";
import type { ValueObject } from "../model/value";
import { convertConfigValue, META_ARGUMENTS } from "./expressions";
import { InputError, LineFinder, readDeclaredSuppressions, type RawReference, type RawResource } from "./raw";

/** Top-level keys of the Terraform JSON configuration syntax; a document with none of them is not one. */
export const TERRAFORM_JSON_KEYS = ["resource", "data", "terraform", "provider", "module", "variable", "output", "locals"];

export interface TerraformJsonSource {
  readonly file: string;
  readonly kind: Extract<InputKind, "cdktf" | "terraform-json">;
  readonly scope: string;
  readonly stack?: string;
  /** The document's text, to find line numbers. */
  readonly text?: string;
  /** Provider version constraints of the module (a directory's files share them); else read from the document. */
  readonly providerVersions?: { readonly [provider: string]: string };
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Terraform JSON allows an object or a list of objects at each level; both become entries. */
function entriesOf(value: unknown, file: string, where: string): [string, unknown][] {
  if (isObject(value)) return Object.entries(value);
  if (Array.isArray(value) && value.every(isObject)) return value.flatMap((item) => Object.entries(item));
  throw new InputError(file, `${where} must be an object (or a list of objects), found ${Array.isArray(value) ? "a list" : typeof value}`);
}

/** The objects of a block that Terraform JSON may write as an object or a list of objects. */
function objectsOf(value: unknown): JsonObject[] {
  if (isObject(value)) return [value];
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/**
 * The provider version constraints a document states: `terraform.required_providers.<name>` (a string, or an
 * object with `version`) and the older `provider.<name>.version`.
 */
export function providerVersionsOf(document: unknown): Record<string, string> {
  const versions: Record<string, string> = {};
  const add = (name: string, constraint: unknown) => {
    if (typeof constraint === "string" && constraint.trim() !== "") versions[name] = versions[name] ? `${versions[name]}, ${constraint}` : constraint;
  };
  if (!isObject(document)) return versions;
  for (const terraform of objectsOf(document.terraform)) {
    for (const required of objectsOf(terraform.required_providers)) {
      for (const [name, entry] of Object.entries(required)) add(name, typeof entry === "string" ? entry : objectsOf(entry)[0]?.version);
    }
  }
  for (const providers of objectsOf(document.provider)) {
    for (const [name, configurations] of Object.entries(providers)) for (const configuration of objectsOf(configurations)) add(name, configuration.version);
  }
  return versions;
}

function bodyOf(value: unknown, file: string, address: string): JsonObject {
  if (isObject(value)) return value;
  if (Array.isArray(value) && value.length === 1 && isObject(value[0])) return value[0];
  throw new InputError(file, `${address} must be an object with the resource's arguments`);
}

/** The resources and data sources of one Terraform JSON document (`*.tf.json` or a cdktf stack's `cdk.tf.json`). */
export function readTerraformJson(document: unknown, source: TerraformJsonSource): RawResource[] {
  if (!isObject(document)) throw new InputError(source.file, "not Terraform JSON: the document must be a JSON object");
  const lines = source.text === undefined ? undefined : new LineFinder(source.text);
  const providerVersions = source.providerVersions ?? providerVersionsOf(document);
  const hasProviderVersions = Object.keys(providerVersions).length > 0;
  const resources: RawResource[] = [];
  for (const [mode, prefix] of [["resource", ""], ["data", "data."]] as const) {
    if (document[mode] === undefined) continue;
    for (const [type, byName] of entriesOf(document[mode], source.file, `"${mode}"`)) {
      const typeAt = lines?.find(`"${type}"`);
      for (const [name, rawBody] of entriesOf(byName, source.file, `"${mode}"."${type}"`)) {
        const address = `${prefix}${type}.${name}`;
        const body = bodyOf(rawBody, source.file, address);
        const references: RawReference[] = [];
        const attributes = Object.fromEntries(Object.entries(body).filter(([key]) => !META_ARGUMENTS.has(key)));
        const values = convertConfigValue(attributes, [], references) as ValueObject;
        const comment = body["//"];
        const constructPath = isObject(comment) && isObject(comment.metadata) && typeof comment.metadata.path === "string" ? comment.metadata.path : undefined;
        const line = lines?.find(`"${name}"`, typeAt?.index ?? 0)?.line;
        resources.push({
          scope: source.scope,
          address,
          mode: mode === "resource" ? "managed" : "data",
          type,
          name,
          values,
          rawReferences: references,
          suppressions: readDeclaredSuppressions(comment, source.file, address),
          source: {
            kind: source.kind,
            file: source.file,
            ...(line !== undefined ? { line } : {}),
            ...(source.stack !== undefined ? { stack: source.stack } : {}),
            ...(constructPath !== undefined ? { constructPath } : {}),
            ...(hasProviderVersions ? { providerVersions } : {}),
          },
        });
      }
    }
  }
  return resources;
}
