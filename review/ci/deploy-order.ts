import * as fs from "node:fs";
import * as path from "node:path";
import { ReviewInputError } from "../errors";

interface ManifestStack {
  readonly dependencies?: readonly string[];
  readonly synthesizedStackPath?: string;
}

export interface DeployPlan {
  /** Stacks to deploy, each after every stack it depends on. */
  readonly order: readonly string[];
  /** Stacks left out because their state is local (applied once by hand, e.g. `<env>-bootstrap`). */
  readonly skipped: readonly string[];
}

function readManifest(outdir: string): Record<string, ManifestStack> {
  const file = path.join(outdir, "manifest.json");
  let manifest: { stacks?: Record<string, ManifestStack> };
  try {
    manifest = JSON.parse(fs.readFileSync(file, "utf8")) as typeof manifest;
  } catch (error) {
    throw new ReviewInputError(`${file}: cannot be read as JSON (${(error as Error).message.split("\n")[0]}). Fix: run \`fhi synth\` first`);
  }
  if (typeof manifest.stacks !== "object" || manifest.stacks === null) throw new ReviewInputError(`${file}: not a cdktf manifest (no "stacks")`);
  return manifest.stacks;
}

function hasLocalBackend(outdir: string, entry: ManifestStack): boolean {
  if (entry.synthesizedStackPath === undefined) return false;
  const document = JSON.parse(fs.readFileSync(path.join(outdir, entry.synthesizedStackPath), "utf8")) as { terraform?: { backend?: Record<string, unknown> } };
  return document.terraform?.backend?.local !== undefined;
}

/**
 * The order in which to deploy one environment's stacks (all stacks when no environment is named): every stack
 * after its dependencies from `manifest.json`, ties by name so that the order is stable. Stacks with a local
 * backend are skipped: a CI runner would lose their state.
 */
export function deployOrder(outdir: string, environment?: string): DeployPlan {
  const stacks = readManifest(outdir);
  const selected = Object.keys(stacks)
    .filter((name) => environment === undefined || name.startsWith(`${environment}-`))
    .sort();
  if (selected.length === 0) throw new ReviewInputError(`no stacks${environment ? ` of environment "${environment}"` : ""} in ${path.join(outdir, "manifest.json")}`);
  const skipped = selected.filter((name) => hasLocalBackend(outdir, stacks[name]));
  const order: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string, trail: readonly string[]) => {
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting") throw new ReviewInputError(`dependency cycle: ${[...trail, name].join(" -> ")}`);
    const entry = stacks[name];
    if (entry === undefined) throw new ReviewInputError(`${trail[trail.length - 1]} depends on ${name}, which the manifest does not list`);
    state.set(name, "visiting");
    for (const dependency of [...(entry.dependencies ?? [])].sort()) visit(dependency, [...trail, name]);
    state.set(name, "done");
    if (!skipped.includes(name)) order.push(name);
  };
  for (const name of selected) visit(name, []);
  return { order: order.filter((name) => selected.includes(name)), skipped };
}
