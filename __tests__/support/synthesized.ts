import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { App } from "cdktf";
import { buildApp } from "../../stacks/app";
import { loadEnvironments, readSynthesizedStacks, type SynthesizedStack } from "../../stacks/synth";

export interface TerraformResourceBlock {
  readonly [attribute: string]: unknown;
}

export interface StackJson {
  readonly terraform: { readonly backend?: Record<string, Record<string, unknown>>; readonly required_providers?: Record<string, unknown> };
  readonly provider?: Record<string, Record<string, unknown>[]>;
  readonly resource?: Record<string, Record<string, TerraformResourceBlock>>;
  readonly data?: Record<string, Record<string, TerraformResourceBlock>>;
}

export interface SynthesizedEstate {
  readonly app: App;
  readonly outdir: string;
  readonly stacks: readonly (SynthesizedStack & { readonly json: StackJson })[];
}

/** Synthesizes every shipped environment into a temporary directory, as `fhi synth` does. */
export function synthesizeEstate(): SynthesizedEstate {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-estate-"));
  const app = buildApp(loadEnvironments(), outdir);
  app.synth();
  const stacks = readSynthesizedStacks(outdir).map((stack) => ({
    ...stack,
    json: JSON.parse(fs.readFileSync(stack.file, "utf8")) as StackJson,
  }));
  return { app, outdir, stacks };
}

/** Every resource of the estate as [stack, type, name, block]. */
export function allResources(estate: SynthesizedEstate): [string, string, string, TerraformResourceBlock][] {
  return estate.stacks.flatMap((stack) =>
    Object.entries(stack.json.resource ?? {}).flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, block]) => [stack.stack, type, name, block] as [string, string, string, TerraformResourceBlock]),
    ),
  );
}

/**
 * The estate for the calling test file: synthesized once before its first test, its output removed after its last.
 * Read `estate` and `resources` inside tests or hooks; before `beforeAll` has run there is nothing to read.
 */
export function synthesizedEstateForThisFile(): { readonly estate: SynthesizedEstate; readonly resources: ReturnType<typeof allResources> } {
  let synthesized: { estate: SynthesizedEstate; resources: ReturnType<typeof allResources> } | undefined;
  beforeAll(() => {
    const estate = synthesizeEstate();
    synthesized = { estate, resources: allResources(estate) };
  });
  afterAll(() => {
    if (synthesized) fs.rmSync(synthesized.estate.outdir, { recursive: true, force: true });
  });
  const current = () => {
    if (!synthesized) throw new Error("the estate is synthesized in beforeAll: read it inside a test or a hook");
    return synthesized;
  };
  return {
    get estate() {
      return current().estate;
    },
    get resources() {
      return current().resources;
    },
  };
}
