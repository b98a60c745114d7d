/**
 * The policy pack's public API. `checkPaths` is what `fhi policy check` runs; `catalog` is what
 * `fhi policy rules` prints. The model and adapters are shared with `fhi review` (policies/model,
 * policies/adapters).
 */
import { loadModel, type LoadedInput } from "./adapters/load";
import { evaluate, infoOf, type Evaluation } from "./engine/evaluate";
import type { RuleInfo } from "./engine/rule";
import { readSuppressionFile } from "./engine/suppressions";
import { HIPAA_AZURE_PACK } from "./pack";
import { expiredSuppression } from "./rules/suppression/expired-suppression";
import { invalidSuppression } from "./rules/suppression/invalid-suppression";

export { HIPAA_AZURE_PACK, PACK_VERSION } from "./pack";
export { evaluate, type Evaluation, type PolicyResult, type ResultStatus } from "./engine/evaluate";
export type { Rule, RuleInfo, Severity } from "./engine/rule";
export { InputError } from "./adapters/raw";

/** Every rule of the pack, with the suppression rules last, as the catalog and docs/RULES.md list them. */
export function catalog(): RuleInfo[] {
  return [...HIPAA_AZURE_PACK, invalidSuppression, expiredSuppression].map(infoOf);
}

export interface CheckOptions {
  /** A suppression file for input we do not generate. */
  readonly suppressionFile?: string;
  readonly now?: Date;
}

export interface CheckedPaths extends Evaluation {
  readonly inputs: readonly LoadedInput[];
  /** About the inputs, for the user (e.g. a plan format this tool does not know); the check still ran. */
  readonly warnings: readonly string[];
}

/** Loads the paths (kind detected from content) and runs the pack. Throws InputError on unreadable input. */
export function checkPaths(paths: readonly string[], options: CheckOptions = {}): CheckedPaths {
  const suppressions = options.suppressionFile ? readSuppressionFile(options.suppressionFile) : [];
  const { model, inputs, warnings } = loadModel(paths);
  return { ...evaluate(model, HIPAA_AZURE_PACK, { suppressions, now: options.now }), inputs, warnings };
}
