import * as fs from "node:fs";
import { InputError } from "../adapters/raw";
import type { DeclaredSuppression, Resource } from "../model/resource";
import type { RuleInfo } from "./rule";

/** A suppression from a file, for input we do not generate (hand-written Terraform, plans). */
export interface FileSuppression extends DeclaredSuppression {
  /** Resource address it applies to; `*` matches any run of characters, e.g. `azurerm_subnet.*`. */
  readonly address: string;
}

export const MIN_REASON_LENGTH = 10;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Why a suppression cannot be honoured, or undefined when it is well-formed. */
export function suppressionProblem(suppression: Pick<DeclaredSuppression, "ruleId" | "reason" | "expires">, catalog: ReadonlyMap<string, RuleInfo>): string | undefined {
  const rule = catalog.get(suppression.ruleId);
  if (!rule) return `suppression names ${suppression.ruleId}, which is not a rule of the pack (see \`fhi policy rules\`)`;
  if (rule.critical) return `${rule.id} is a critical rule and cannot be suppressed; fix the resource`;
  if (suppression.reason.trim().length < MIN_REASON_LENGTH) return `suppression of ${rule.id} needs a reason of at least ${MIN_REASON_LENGTH} characters`;
  if (suppression.expires !== undefined && (!ISO_DATE.test(suppression.expires) || Number.isNaN(Date.parse(`${suppression.expires}T00:00:00Z`)))) {
    return `suppression of ${rule.id} has expiry "${suppression.expires}"; write it as YYYY-MM-DD`;
  }
  return undefined;
}

/** True once the expiry day (UTC) has passed. */
export function isExpired(suppression: Pick<DeclaredSuppression, "expires">, now: Date): boolean {
  return suppression.expires !== undefined && now.toISOString().slice(0, 10) > suppression.expires;
}

function addressPattern(address: string): RegExp {
  return new RegExp(`^${address.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
}

/** The suppressions that apply to a resource: its own (declared in code) and the file's matching ones. */
export function suppressionFor(resource: Resource, fromFile: readonly FileSuppression[]): DeclaredSuppression[] {
  return [...resource.suppressions, ...fromFile.filter((suppression) => addressPattern(suppression.address).test(resource.address))];
}

/**
 * Reads a suppression file: `{"suppressions": [{"ruleId", "address", "reason", "expires"?}]}`. Shape errors
 * are input errors; whether the rule exists, the reason is long enough and the date valid is checked
 * when the pack runs, and reported as FHI-SUP-001 findings.
 */
export function readSuppressionFile(file: string): FileSuppression[] {
  let document: unknown;
  try {
    document = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new InputError(file, `not a readable JSON suppression file (${(error as Error).message.split("\n")[0]})`);
  }
  const list = (document as { suppressions?: unknown })?.suppressions;
  if (!Array.isArray(list)) throw new InputError(file, 'expected {"suppressions": [{"ruleId", "address", "reason", "expires"?}]}');
  return list.map((entry: unknown, index) => {
    const item = entry as Record<string, unknown>;
    for (const field of ["ruleId", "address", "reason"]) {
      if (typeof item?.[field] !== "string") throw new InputError(file, `suppressions[${index}].${field} must be a string`);
    }
    if (item.expires !== undefined && typeof item.expires !== "string") throw new InputError(file, `suppressions[${index}].expires must be a date string YYYY-MM-DD`);
    return {
      ruleId: item.ruleId as string,
      address: item.address as string,
      reason: item.reason as string,
      ...(item.expires !== undefined ? { expires: item.expires as string } : {}),
      origin: file,
    };
  });
}
