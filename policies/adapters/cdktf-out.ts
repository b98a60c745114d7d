import * as fs from "node:fs";
import * as path from "node:path";
import { referencesIn } from "./expressions";
import { InputError, type RawReference, type RawResource } from "./raw";
import { readTerraformJson } from "./terraform-json";

/** One synthesized stack: its name, where its JSON lives (or would live), and the JSON itself. */
export interface CdktfStackDocument {
  readonly stack: string;
  readonly file: string;
  readonly document: unknown;
  readonly text?: string;
}

/** cdktf names the remote state of a cross-stack reference after the stack it reads. */
const REMOTE_STATE_PREFIX = "cross-stack-reference-input-";

function outputExpression(document: unknown, output: string): string | undefined {
  const outputs = (document as { output?: Record<string, { value?: unknown }> }).output;
  const value = outputs?.[output]?.value;
  return typeof value === "string" ? value : undefined;
}

/**
 * The resources of cdktf stacks, with cross-stack references (remote state outputs) followed to the
 * resource in the other stack, so that a private endpoint in one stack still points at its vault.
 */
export function readCdktfStacks(stacks: readonly CdktfStackDocument[]): RawResource[] {
  const byName = new Map(stacks.map((stack) => [stack.stack, stack]));
  return stacks.flatMap((stack) => readCdktfStack(stack, byName));
}

/** One stack of several; `byName` holds every stack, to follow its cross-stack references. */
export function readCdktfStack(stack: CdktfStackDocument, byName: ReadonlyMap<string, CdktfStackDocument>): RawResource[] {
  return readTerraformJson(stack.document, { file: stack.file, kind: "cdktf", scope: stack.stack, stack: stack.stack, text: stack.text }).map((resource) => ({
    ...resource,
    rawReferences: resource.rawReferences.flatMap((reference): RawReference[] => {
      if (!reference.remote) return [reference];
      const origin = reference.remote.dataName.startsWith(REMOTE_STATE_PREFIX) ? byName.get(reference.remote.dataName.slice(REMOTE_STATE_PREFIX.length)) : undefined;
      const expression = origin && outputExpression(origin.document, reference.remote.output);
      if (!origin || !expression) return [];
      return referencesIn(expression, reference.path).map((target) => ({ path: target.path, address: target.address, scope: origin.stack }));
    }),
  }));
}

interface Manifest {
  readonly stacks?: Record<string, { readonly synthesizedStackPath?: string }>;
}

/** Reads a `cdktf.out` directory through its manifest. */
export function readCdktfOut(directory: string, readJson: (file: string) => { document: unknown; text: string }): RawResource[] {
  const manifestFile = path.join(directory, "manifest.json");
  const manifest = readJson(manifestFile).document as Manifest;
  if (typeof manifest !== "object" || manifest === null || typeof manifest.stacks !== "object" || manifest.stacks === null) {
    throw new InputError(manifestFile, 'not a cdktf manifest: expected a "stacks" object');
  }
  const stacks = Object.entries(manifest.stacks).map(([stack, entry]): CdktfStackDocument => {
    if (typeof entry?.synthesizedStackPath !== "string") throw new InputError(manifestFile, `stack ${stack} has no "synthesizedStackPath"`);
    const file = path.join(directory, entry.synthesizedStackPath);
    if (!fs.existsSync(file)) throw new InputError(file, `listed in ${manifestFile} but missing. Fix: run \`fhi synth\` again`);
    return { stack, file, ...readJson(file) };
  });
  return readCdktfStacks(stacks);
}
