import * as fs from "node:fs";
import * as path from "node:path";
import { loadModel, readJsonFile, type LoadedInput } from "../adapters/load";
import { convertConfigValue } from "../adapters/expressions";
import type { ValueObject } from "../model/value";
import { DeploymentModel, type StackInfo } from "./deployment";

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
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
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
  };
}

/** Orders stacks: local-backend stacks (applied by hand, first), then each stack after its dependencies, ties by name. */
function ordered(stacks: readonly Omit<StackInfo, "order">[]): StackInfo[] {
  const byName = new Map(stacks.map((stack) => [stack.name, stack]));
  const result: StackInfo[] = [];
  const visiting = new Set<string>();
  const visit = (name: string) => {
    if (result.some((stack) => stack.name === name) || visiting.has(name)) return;
    visiting.add(name);
    const stack = byName.get(name);
    if (!stack) return;
    for (const dependency of [...stack.dependencies].sort()) visit(dependency);
    result.push({ ...stack, order: result.length });
  };
  const local = stacks.filter((stack) => stack.backend?.kind === "local").map((stack) => stack.name).sort();
  for (const name of [...local, ...stacks.map((stack) => stack.name).sort()]) visit(name);
  return result;
}

/** Stack information of a `cdktf.out` directory; none for other inputs. */
function readStacks(input: string): Omit<StackInfo, "order">[] {
  const manifestFile = path.join(input, "manifest.json");
  if (!fs.existsSync(manifestFile) || !fs.statSync(input).isDirectory()) return [];
  const manifest = readJsonFile(manifestFile).document as { stacks?: Record<string, ManifestEntry> };
  return Object.entries(manifest.stacks ?? {}).map(([name, entry]) => {
    const json = entry.synthesizedStackPath ? (readJsonFile(path.join(input, entry.synthesizedStackPath)).document as StackJson) : {};
    return stackInfo(name, entry, json);
  });
}

/** Loads inputs as `fhi policy check` does, plus the stacks and deploy order of cdktf outputs. */
export function loadDeployment(paths: readonly string[]): { readonly model: DeploymentModel; readonly inputs: readonly LoadedInput[] } {
  const { model, inputs } = loadModel(paths);
  const stacks = ordered(paths.flatMap(readStacks));
  return { model: new DeploymentModel(model.resources, stacks), inputs };
}
