/**
 * The preflight pack's public API: `fhi preflight` and `fhi synth` run `preflightPaths`; `preflightCatalog` is
 * what `fhi preflight --rules` prints (docs/PREFLIGHT.md).
 */
import { evaluate, infoOf, type Evaluation } from "../engine/evaluate";
import type { RuleInfo } from "../engine/rule";
import type { LoadedInput } from "../adapters/load";
import { loadDeployment } from "./load";
import { PREFLIGHT_PACK } from "./pack";
import { HIPAA_AZURE_PACK } from "../pack";

/** Suppressions in our stacks name security rules too; the security pack judges those. */
const SECURITY_RULE_IDS: ReadonlySet<string> = new Set(HIPAA_AZURE_PACK.map((rule) => rule.id));

export { PREFLIGHT_PACK } from "./pack";

export function preflightCatalog(): RuleInfo[] {
  return PREFLIGHT_PACK.map(infoOf);
}

/** Loads the inputs with their stacks and deploy order and runs the preflight pack. Throws InputError on unreadable input. */
export function preflightPaths(paths: readonly string[], options: { readonly now?: Date } = {}): Evaluation & { readonly inputs: readonly LoadedInput[] } {
  const { model, inputs } = loadDeployment(paths);
  return { ...evaluate(model, PREFLIGHT_PACK, { now: options.now, foreignRuleIds: SECURITY_RULE_IDS }), inputs };
}
