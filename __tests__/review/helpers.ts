import * as path from "node:path";
import type { ValueObject } from "../../policies/model";
import type { ResourceChange } from "../../review";
import { run } from "../../scripts/program";

export const ROOT = path.join(__dirname, "..", "..");
export const FIXTURES = path.join(ROOT, "__tests__", "fixtures", "review");

/** Runs `fhi` in-process as the CLI would, collecting what it prints. */
export async function fhi(args: string[], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await run(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd });
  return { code, stdout, stderr };
}

/** A change as the comparison produces it, for rule tests: created (before null), destroyed (after null) or updated. */
export function change(type: string, before: ValueObject | null, after: ValueObject | null, action?: ResourceChange["action"]): ResourceChange {
  return {
    stack: "dev-eastus2-test",
    address: `${type}.subject`,
    type,
    action: action ?? (before === null ? "create" : after === null ? "destroy" : "update"),
    attributes: [],
    before,
    after,
    security: [],
  };
}
