import { isValueObject, type Value, type ValueObject } from "../model/value";
import type { DeclaredSuppression, Resource, ResourceReference } from "../model/resource";
import { ResourceModel } from "../model/model";
import { CHILD_OF_TYPE } from "../model/children";
import { normalizeValues } from "../model/normalize";

/** A reference as an adapter finds it, before addresses are matched to resources. */
export interface RawReference {
  readonly path: string;
  /** Terraform address (possibly with an attribute or index after it, e.g. `azurerm_key_vault.kv.id`). */
  readonly address: string;
  /** Scope of the target when it is not the referring resource's own (cdktf cross-stack references). */
  readonly scope?: string;
  /** A cdktf cross-stack reference not yet followed: `data.terraform_remote_state.<dataName>.outputs.<output>`. */
  readonly remote?: { readonly dataName: string; readonly output: string };
}

/** A resource as an adapter reads it: everything but the key and the resolved references. */
export interface RawResource extends Omit<Resource, "key" | "references"> {
  /** Addresses are unique within a scope: a cdktf stack, a Terraform module directory or a plan file. */
  readonly scope: string;
  readonly rawReferences: readonly RawReference[];
}

/** Error for input that cannot be read; the message names the file and the problem on one line. */
export class InputError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = "InputError";
  }
}

const INSTANCE_KEY = /\[[^\]]*\]/g;

/** The address without instance keys (`azurerm_subnet.s[0]` -> `azurerm_subnet.s`); most addresses have none. */
export function withoutInstanceKeys(address: string): string {
  return address.includes("[") ? address.replace(INSTANCE_KEY, "") : address;
}

/** `module.a["x"].azurerm_subnet.s[0].id` -> candidate resource addresses, longest first, without instance keys. */
function candidateAddresses(address: string): string[] {
  const parts = withoutInstanceKeys(address).split(".");
  const candidates: string[] = [];
  for (let end = parts.length; end >= 2; end--) candidates.push(parts.slice(0, end).join("."));
  return candidates;
}

function keyOf(scope: string, address: string): string {
  return `${scope}|${address}`;
}

/** Every known string attribute `id` (plans with prior state): literal ARM IDs then resolve like references. */
function collectIdStrings(value: Value, path: string[], visit: (path: string, text: string) => void): void {
  if (typeof value === "string") visit(path.filter((segment) => !/^\d+$/.test(segment)).join("."), value);
  else if (Array.isArray(value)) value.forEach((item: Value, index: number) => collectIdStrings(item, [...path, String(index)], visit));
  else if (isValueObject(value)) for (const [key, item] of Object.entries(value)) collectIdStrings(item, [...path, key], visit);
}

/**
 * A managed resource's values (and prior values) converted to its schema's types; see model/normalize.ts. A plan's
 * values come from the provider, already typed by its schema: only configuration needs converting.
 */
function normalized(raw: RawResource): RawResource {
  if (raw.mode !== "managed" || raw.source.kind === "plan") return raw;
  const values = normalizeValues(raw.type, raw.values);
  const before = raw.before ? normalizeValues(raw.type, raw.before) : raw.before;
  return values === raw.values && before === raw.before ? raw : { ...raw, values, ...(before !== undefined ? { before } : {}) };
}

/**
 * Parents that child resources name literally (`network_security_group_name = "nsg-web"`, as hand-written
 * Terraform and plans without configuration do): the parent of that name, in the same resource group when both
 * say which, within the child's scope.
 */
function namedParents(raws: readonly RawResource[], keyOfRaw: (raw: RawResource) => string): Map<RawResource, ResourceReference[]> {
  const found = new Map<RawResource, ResourceReference[]>();
  const children = raws.filter((raw) => CHILD_OF_TYPE.has(raw.type));
  if (children.length === 0) return found;
  const parentTypes = new Set(children.map((child) => CHILD_OF_TYPE.get(child.type)!.parentType));
  const byName = new Map<string, RawResource[]>();
  for (const raw of raws) {
    if (!parentTypes.has(raw.type) || typeof raw.values.name !== "string") continue;
    const key = `${raw.type}|${raw.scope}|${raw.values.name}`;
    byName.set(key, [...(byName.get(key) ?? []), raw]);
  }
  for (const child of children) {
    const relation = CHILD_OF_TYPE.get(child.type)!;
    const group = child.values.resource_group_name;
    for (const path of relation.parentPaths.filter((candidate) => candidate.endsWith("_name"))) {
      const name = child.values[path];
      if (typeof name !== "string") continue;
      const parents = (byName.get(`${relation.parentType}|${child.scope}|${name}`) ?? []).filter(
        (parent) => !(typeof group === "string" && typeof parent.values.resource_group_name === "string" && parent.values.resource_group_name !== group),
      );
      if (parents.length > 0) found.set(child, [...(found.get(child) ?? []), ...parents.map((parent) => ({ path, target: keyOfRaw(parent) }))]);
    }
  }
  return found;
}

/**
 * Builds the model: normalises values to their schema types, gives each resource its key and resolves
 * references by address (within the scope, or the scope named by the reference), by literal ARM ID (a plan
 * that already knows the vault's ID) and, for child resources, by their parent's literal name.
 */
export function buildModel(input: readonly RawResource[]): ResourceModel {
  const raws = input.map(normalized);
  const named = namedParents(raws, (raw) => keyOf(raw.scope, raw.address));
  const byAddress = new Map<string, string[]>();
  const byId = new Map<string, string>();
  const keys: string[] = [];
  for (const raw of raws) {
    const key = keyOf(raw.scope, raw.address);
    keys.push(key);
    const plain = raw.address.includes("[") ? keyOf(raw.scope, withoutInstanceKeys(raw.address)) : key;
    const sameAddress = byAddress.get(plain);
    if (sameAddress) sameAddress.push(key);
    else byAddress.set(plain, [key]);
    const id = raw.values.id;
    if (typeof id === "string" && id.startsWith("/")) byId.set(id.toLowerCase(), key);
  }
  const resources = raws.map((raw, index): Resource => {
    const key = keys[index];
    let references: Map<string, ResourceReference> | undefined;
    const add = (path: string, target: string) => {
      if (target !== key) (references ??= new Map()).set(`${path}|${target}`, { path, target });
    };
    for (const reference of named.get(raw) ?? []) add(reference.path, reference.target);
    for (const reference of raw.rawReferences) {
      for (const candidate of candidateAddresses(reference.address)) {
        const targets = byAddress.get(keyOf(reference.scope ?? raw.scope, candidate));
        if (targets) {
          for (const target of targets) add(reference.path, target);
          break;
        }
      }
    }
    if (byId.size > 0) {
      collectIdStrings(raw.values, [], (path, text) => {
        const lower = text.toLowerCase();
        const exact = byId.get(lower);
        if (exact) return add(path, exact);
        // Sub-resource IDs such as `<storage account id>/blobServices/default` belong to their parent.
        for (const [id, target] of byId) if (lower.startsWith(`${id}/`)) return add(path, target);
      });
    }
    return resourceOf(raw, key, references === undefined ? [] : [...references.values()]);
  });
  return new ResourceModel(resources);
}

/** The resource of a raw one: its fields but the scope and raw references, in their order, then key and references. */
function resourceOf(raw: RawResource, key: string, references: readonly ResourceReference[]): Resource {
  // Written out as literals of every field rather than copied with a rest pattern: a plan of many thousands of
  // changes makes one per change, and the rules read their fields in-object.
  const { address, mode, type, name, values, suppressions, source } = raw;
  if ("actions" in raw && "before" in raw && !("configuredBy" in raw)) return { address, mode, type, name, values, before: raw.before, actions: raw.actions, suppressions, source, key, references };
  if (!("actions" in raw) && !("before" in raw) && !("configuredBy" in raw)) return { address, mode, type, name, values, suppressions, source, key, references };
  const { scope: _scope, rawReferences: _raw, ...rest } = raw;
  return { ...rest, key, references };
}

/** Reads `"//": { "policy_suppressions": [...] }` from a resource body; shape errors are input errors. */
export function readDeclaredSuppressions(comment: unknown, file: string, address: string): DeclaredSuppression[] {
  if (!isValueObject(comment as Value)) return [];
  const list = (comment as ValueObject).policy_suppressions;
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new InputError(file, `${address}: "//".policy_suppressions must be a list`);
  return list.map((entry: Value, index: number) => {
    if (!isValueObject(entry) || typeof entry.ruleId !== "string" || typeof entry.reason !== "string" || (entry.expires !== undefined && typeof entry.expires !== "string")) {
      throw new InputError(file, `${address}: suppression ${index + 1} needs a string "ruleId", a string "reason" and optionally an "expires" date`);
    }
    return { ruleId: entry.ruleId, reason: entry.reason, ...(entry.expires !== undefined ? { expires: entry.expires as string } : {}), origin: "code" };
  });
}

/** Finds 1-based line numbers of text in a document, for report locations. */
export class LineFinder {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) this.starts.push(at + 1);
  }

  /** Where `needle` first occurs at or after `from`; undefined when absent. */
  find(needle: string, from = 0): { line: number; index: number } | undefined {
    const index = this.text.indexOf(needle, from);
    if (index < 0) return undefined;
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle] <= index) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, index };
  }

  /**
   * The line of the first match of each distinct first capture group, in one pass over the text: large plans
   * are a single line of many megabytes, where one search per resource would make reading them quadratic.
   */
  firstLineOfEach(pattern: RegExp): Map<string, number> {
    const lines = new Map<string, number>();
    const global = new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`);
    let line = 0;
    for (const match of this.text.matchAll(global)) {
      while (line + 1 < this.starts.length && this.starts[line + 1] <= match.index) line += 1;
      if (!lines.has(match[1])) lines.set(match[1], line + 1);
    }
    return lines;
  }
}
