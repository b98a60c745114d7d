import { isUnknown, type Value } from "../../../policies/model";
import type { ResourceChange } from "../../model";
import type { Assessment, ScrutinyRule } from "../rule";

const POLICY_TYPES = ["azurerm_api_management_product_policy", "azurerm_api_management_api_policy", "azurerm_api_management_api_operation_policy", "azurerm_api_management_policy"];

/** The limits API Management enforces per caller, by attribute of the token-limit policies. */
const LIMITS = { "tokens-per-minute": "tokens per minute", "token-quota": "token quota" } as const;

type Limits = Partial<Record<keyof typeof LIMITS, number>>;

/** The token limits in a policy document; the XML may sit inside an expression (cross-stack references). */
function limitsIn(value: Value | undefined): Limits | undefined {
  const xml = isUnknown(value) ? value.why : typeof value === "string" ? value : undefined;
  if (xml === undefined) return undefined;
  const element = /<(?:llm|azure-openai)-token-limit\b([^>]*)>/.exec(xml);
  if (!element) return {};
  const attributes = Object.fromEntries([...element[1].matchAll(/([\w-]+)="([^"]*)"/g)].map((match) => [match[1], match[2]]));
  const limits: Limits = {};
  for (const key of Object.keys(LIMITS) as (keyof typeof LIMITS)[]) {
    if (attributes[key] !== undefined && /^\d+$/.test(attributes[key])) limits[key] = Number(attributes[key]);
  }
  return limits;
}

/** A product's token limit raised or removed lets its callers spend more GPU time: broadening, with before and after. */
export const tokenLimit: ScrutinyRule = {
  id: "token-limit",
  title: "API Management token limits",
  resourceTypes: POLICY_TYPES,
  assess(change: ResourceChange): Assessment[] {
    if (change.before === null || change.after === null) return [];
    const before = limitsIn(change.before.xml_content);
    const after = limitsIn(change.after.xml_content);
    if (!before || !after) return [];
    const notes: Assessment[] = [];
    for (const key of Object.keys(LIMITS) as (keyof typeof LIMITS)[]) {
      const old = before[key];
      const current = after[key];
      if (old === undefined || old === current) continue;
      if (current === undefined) notes.push({ kind: "broadening", reason: `${LIMITS[key]} ${old} removed` });
      else notes.push({ kind: current > old ? "broadening" : "narrowing", reason: `${LIMITS[key]} ${old} -> ${current}` });
    }
    return notes;
  },
};
