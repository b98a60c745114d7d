import type { DeclaredSuppression, PlanAction, ResourceSource } from "../model/resource";
import { Unknown, type Value, type ValueObject } from "../model/value";
import { attributePath } from "./expressions";
import { InputError, LineFinder, withoutInstanceKeys, type RawReference, type RawResource } from "./raw";

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True for the output of `terraform show -json <planfile>`. */
export function isPlanJson(document: unknown): boolean {
  // A state's JSON (`values`) is recognised too, so that reading it says what it is.
  return isObject(document) && typeof document.format_version === "string" && ("resource_changes" in document || "planned_values" in document || "values" in document);
}

/**
 * Plan JSON major versions this adapter reads. Terraform raises the minor version for compatible additions and
 * the major version for incompatible changes (developer.hashicorp.com/terraform/internals/json-format).
 */
const KNOWN_PLAN_MAJORS = ["0", "1"];

/** A warning when the plan's `format_version` is not one whose layout this adapter knows. */
export function planFormatWarning(document: unknown, file: string): string | undefined {
  if (!isObject(document)) return undefined;
  const version = document.format_version;
  const major = typeof version === "string" ? version.match(/^(\d+)\.\d+$/)?.[1] : undefined;
  if (major !== undefined && KNOWN_PLAN_MAJORS.includes(major)) return undefined;
  return `${file}: plan format_version ${JSON.stringify(version)} is not one this tool knows (${KNOWN_PLAN_MAJORS.map((known) => `${known}.x`).join(", ")}); results may be incomplete. Check them against \`terraform show\`, or use a Terraform whose JSON output format is 1.x`;
}

/** `provider_config` version constraints of a plan's configuration, by provider name (aliases merged). */
function planProviderVersions(plan: JsonObject): Record<string, string> {
  const versions: Record<string, string> = {};
  const configs = isObject(plan.configuration) && isObject(plan.configuration.provider_config) ? plan.configuration.provider_config : {};
  for (const [key, config] of Object.entries(configs)) {
    if (!isObject(config) || typeof config.version_constraint !== "string") continue;
    const name = typeof config.name === "string" ? config.name : key.split(".")[0];
    versions[name] = versions[name] ? `${versions[name]}, ${config.version_constraint}` : config.version_constraint;
  }
  return versions;
}

/** Every value a plan marks unknown: one immutable instance for them all. */
const KNOWN_AFTER_APPLY = new Unknown("known after apply");

/**
 * Overlays `after_unknown` on `after`: every attribute marked true becomes Unknown, and an attribute the overlay
 * names that `after` lacks becomes null. JSON values are model values already, so what the overlay leaves alone is
 * returned as it is, not copied: on a plan of thousands of changes most of `after` is known.
 */
function withUnknowns(value: unknown, unknown: unknown): Value {
  if (unknown === true) return KNOWN_AFTER_APPLY;
  if (Array.isArray(unknown)) return listWithUnknowns(Array.isArray(value) ? value : undefined, unknown);
  if (isObject(unknown) && (isObject(value) || value === null || value === undefined)) return objectWithUnknowns(isObject(value) ? value : undefined, unknown);
  return value === undefined ? null : (value as Value);
}

function listWithUnknowns(list: readonly unknown[] | undefined, unknown: readonly unknown[]): readonly Value[] {
  const length = Math.max(list?.length ?? 0, unknown.length);
  let out: Value[] | undefined = list === undefined || length > list.length ? [] : undefined;
  for (let index = 0; index < length; index += 1) {
    const item = list?.[index];
    const overlaid = withUnknowns(item ?? null, unknown[index]);
    if (out === undefined && overlaid !== item) out = (list as Value[]).slice(0, index);
    if (out !== undefined) out.push(overlaid);
  }
  return out ?? (list as readonly Value[]);
}

function objectWithUnknowns(known: JsonObject | undefined, unknown: JsonObject): ValueObject {
  let out: Record<string, Value> | undefined = known === undefined ? {} : undefined;
  for (const key in unknown) {
    const present = known !== undefined && Object.hasOwn(known, key);
    const item = present ? known[key] : undefined;
    const overlaid = withUnknowns(item, unknown[key]);
    if (out === undefined && (!present || overlaid !== item)) out = { ...(known as ValueObject) };
    if (out !== undefined) out[key] = overlaid;
  }
  return out ?? (known as ValueObject);
}

/** Walks a configuration `expressions` object: attributes carry `references`, nested blocks are lists of expression objects. */
function expressionReferences(expressions: unknown, segments: string[], modulePrefix: string, out: RawReference[]): void {
  if (Array.isArray(expressions)) {
    expressions.forEach((item) => expressionReferences(item, segments, modulePrefix, out));
    return;
  }
  if (!isObject(expressions)) return;
  if (Array.isArray(expressions.references)) {
    for (const reference of expressions.references) {
      if (typeof reference === "string") out.push({ path: attributePath(segments), address: `${modulePrefix}${reference}` });
    }
    return;
  }
  if ("constant_value" in expressions) return;
  for (const [key, item] of Object.entries(expressions)) expressionReferences(item, [...segments, key], modulePrefix, out);
}

/** Configuration address (no instance keys) -> references of its expressions, through every module call. */
function configurationReferences(module: unknown, modulePrefix: string, out: Map<string, RawReference[]>): void {
  if (!isObject(module)) return;
  for (const resource of Array.isArray(module.resources) ? module.resources : []) {
    if (!isObject(resource) || typeof resource.address !== "string") continue;
    const references: RawReference[] = [];
    expressionReferences(resource.expressions, [], modulePrefix, references);
    out.set(`${modulePrefix}${resource.address}`, references);
  }
  if (isObject(module.module_calls)) {
    for (const [name, call] of Object.entries(module.module_calls)) {
      if (isObject(call)) configurationReferences(call.module, `${modulePrefix}module.${name}.`, out);
    }
  }
}

const ACTIONS = new Set<unknown>(["create", "read", "update", "delete", "no-op"] satisfies PlanAction[]);
const isAction = (action: unknown): action is PlanAction => ACTIONS.has(action);
/** Shared by every resource without them (all are read-only). */
const NO_REFERENCES: readonly RawReference[] = [];
const NO_SUPPRESSIONS: readonly DeclaredSuppression[] = [];

/** What is wrong with the shape of a resource change, if anything: a plan read wrongly must not pass silently. */
function changeProblem(change: JsonObject): string | undefined {
  if (!Array.isArray(change.actions) || !change.actions.every((action) => typeof action === "string")) return '"change.actions" must be a list such as ["update"]';
  for (const key of ["before", "after"]) {
    if (change[key] !== undefined && change[key] !== null && !isObject(change[key])) return `"change.${key}" must be an object or null`;
  }
  return undefined;
}

/**
 * The line of each resource address in the plan's text. `terraform show -json` prints the whole plan on one line,
 * where every address is on line 1 and nothing needs searching; a reformatted plan is searched once, in one pass.
 */
function addressLines(text: string): (address: string) => number | undefined {
  if (!text.includes("\n")) return () => 1;
  let lines: Map<string, number> | undefined;
  return (address) => {
    lines ??= new LineFinder(text).firstLineOfEach(/"address":\s*"((?:[^"\\]|\\.)*)"/);
    return lines.get(JSON.stringify(address).slice(1, -1));
  };
}

/** The resource changes of a plan: planned values with unknowns marked, prior values and actions. */
export function readPlanJson(document: unknown, file: string, text?: string): RawResource[] {
  if (!isPlanJson(document)) throw new InputError(file, 'not a Terraform plan: expected "format_version" and "resource_changes" (the output of `terraform show -json <planfile>`)');
  const plan = document as JsonObject;
  if (plan.resource_changes === undefined) {
    throw new InputError(
      file,
      'has no "resource_changes": it is a plan that changes nothing, or the JSON of a state rather than a plan. Fix: run `terraform plan -out=tfplan` then `terraform show -json tfplan > plan.json`, and check plan.json (or check the configuration\'s *.tf.json)',
    );
  }
  if (!Array.isArray(plan.resource_changes)) throw new InputError(file, '"resource_changes" must be a list');
  const providerVersions = planProviderVersions(plan);
  const hasProviderVersions = Object.keys(providerVersions).length > 0;
  const references = new Map<string, RawReference[]>();
  configurationReferences(isObject(plan.configuration) ? plan.configuration.root_module : undefined, "", references);
  const lineOf = text === undefined ? undefined : addressLines(text);
  // Resources on the same line share one (immutable) source: a plan as Terraform writes it is one line.
  const sources = new Map<number | undefined, ResourceSource>();
  const sourceAt = (line: number | undefined) => {
    let source = sources.get(line);
    if (source === undefined) {
      source = { kind: "plan", file, ...(line !== undefined ? { line } : {}), ...(hasProviderVersions ? { providerVersions } : {}) };
      sources.set(line, source);
    }
    return source;
  };
  const resources: RawResource[] = [];
  const changes = plan.resource_changes as unknown[];
  for (let index = 0; index < changes.length; index += 1) {
    const entry = changes[index];
    if (!isObject(entry) || typeof entry.address !== "string" || typeof entry.type !== "string" || !isObject(entry.change)) {
      throw new InputError(file, `resource_changes[${index}] needs "address", "type" and "change"`);
    }
    const change = entry.change;
    const problem = changeProblem(change);
    if (problem) throw new InputError(file, `resource_changes[${index}] (${entry.address}): ${problem}`);
    const actions = change.actions as unknown[];
    const after = withUnknowns(change.after ?? {}, change.after_unknown);
    resources.push({
      scope: file,
      address: entry.address,
      mode: entry.mode === "data" ? "data" : "managed",
      type: entry.type,
      name: typeof entry.name === "string" ? entry.name : entry.address.split(".").pop()!,
      values: (after ?? {}) as ValueObject,
      before: change.before === undefined || change.before === null ? null : (change.before as ValueObject),
      actions: actions.every(isAction) ? (actions as PlanAction[]) : actions.filter(isAction),
      rawReferences: references.get(withoutInstanceKeys(entry.address)) ?? NO_REFERENCES,
      suppressions: NO_SUPPRESSIONS,
      source: sourceAt(lineOf?.(entry.address)),
    });
  }
  return resources;
}
