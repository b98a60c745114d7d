import * as fs from "node:fs";
import * as path from "node:path";
import { readJsonFile } from "../adapters/load";
import { convertConfigValue } from "../adapters/expressions";
import { InputError } from "../adapters/raw";
import type { ValueObject } from "../model/value";
import type { StackInfo } from "./deployment";

interface ManifestEntry {
  readonly dependencies?: readonly string[];
  readonly synthesizedStackPath?: string;
}

interface StackJson {
  readonly terraform?: { readonly backend?: Record<string, unknown> };
  readonly provider?: Record<string, unknown>;
  readonly variable?: Record<string, unknown>;
  readonly resource?: Record<string, Record<string, { readonly depends_on?: readonly string[] }>>;
}

function firstBlock(value: unknown): ValueObject {
  const block = Array.isArray(value) ? value[0] : value;
  return (typeof block === "object" && block !== null ? convertConfigValue(block, [], []) : {}) as ValueObject;
}

function stackInfo(name: string, entry: ManifestEntry, json: StackJson): Omit<StackInfo, "order"> {
  const [backendKind, backendSettings] = Object.entries(json.terraform?.backend ?? {})[0] ?? [];
  const dependsOn = new Map<string, readonly string[]>();
  const resourceTypes: Record<string, number> = {};
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    resourceTypes[type] = Object.keys(byName).length;
    for (const [resourceName, body] of Object.entries(byName)) {
      if (body.depends_on) dependsOn.set(`${type}.${resourceName}`, body.depends_on.map((dependency) => dependency.replace(/\.id$/, "")));
    }
  }
  return {
    name,
    dependencies: entry.dependencies ?? [],
    backend: backendKind ? { kind: backendKind, settings: firstBlock(backendSettings) } : undefined,
    providers: Object.fromEntries(Object.entries(json.provider ?? {}).map(([provider, blocks]) => [provider, firstBlock(blocks)])),
    variables: Object.keys(json.variable ?? {}),
    dependsOn,
    resourceTypes,
  };
}

/**
 * Stacks in deploy order: local-backend stacks first (an operator applies them by hand before anything else), then
 * every stack after the stacks it depends on, ties by name so that the order is stable. A dependency cycle or a
 * dependency on a stack the manifest does not list is an input error naming it.
 */
export function inDeployOrder(stacks: readonly Omit<StackInfo, "order">[], manifestFile: string): StackInfo[] {
  const byName = new Map(stacks.map((stack) => [stack.name, stack]));
  const result: StackInfo[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string, trail: readonly string[]) => {
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting") throw new InputError(manifestFile, `dependency cycle: ${[...trail, name].join(" -> ")}`);
    const stack = byName.get(name);
    if (!stack) throw new InputError(manifestFile, `${trail[trail.length - 1]} depends on ${name}, which the manifest does not list`);
    state.set(name, "visiting");
    for (const dependency of [...stack.dependencies].sort()) visit(dependency, [...trail, name]);
    state.set(name, "done");
    result.push({ ...stack, order: result.length });
  };
  const local = stacks.filter((stack) => stack.backend?.kind === "local").map((stack) => stack.name).sort();
  for (const name of [...local, ...stacks.map((stack) => stack.name).sort()]) visit(name, []);
  return result;
}

/** The stacks of a `cdktf.out` directory in deploy order; an empty list for any other input. */
export function readCdktfOutStacks(input: string): StackInfo[] {
  const manifestFile = path.join(input, "manifest.json");
  if (!fs.existsSync(input) || !fs.statSync(input).isDirectory() || !fs.existsSync(manifestFile)) return [];
  const manifest = readJsonFile(manifestFile).document as { stacks?: Record<string, ManifestEntry> };
  if (typeof manifest !== "object" || manifest === null || typeof manifest.stacks !== "object" || manifest.stacks === null) {
    throw new InputError(manifestFile, 'not a cdktf manifest: expected a "stacks" object');
  }
  const stacks = Object.entries(manifest.stacks).map(([name, entry]) => {
    const json = entry.synthesizedStackPath ? (readJsonFile(path.join(input, entry.synthesizedStackPath)).document as StackJson) : {};
    return stackInfo(name, entry, json);
  });
  return inDeployOrder(stacks, manifestFile);
}
