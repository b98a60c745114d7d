import * as fs from "node:fs";
import { InputError, LineFinder } from "../adapters/raw";
import type { DeclaredSuppression, Resource } from "../model/resource";
import type { RuleInfo } from "./rule";

/** A suppression from a file, for input we do not generate (hand-written Terraform, plans). */
export interface FileSuppression extends DeclaredSuppression {
  /** Resource address it applies to; `*` matches any run of characters, e.g. `azurerm_subnet.*`. */
  readonly address: string;
  /** 1-based line of the entry in its file, when it could be found. */
  readonly line?: number;
  /** Position in the file's `suppressions` list, for messages: `suppressions[2]`. */
  readonly index?: number;
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

/** Does a file suppression's address (pattern) match the resource? */
export function matchesAddress(suppression: FileSuppression): (resource: Resource) => boolean {
  const pattern = addressPattern(suppression.address);
  return (resource) => pattern.test(resource.address);
}

const ENTRY_SHAPE = '{"suppressions": [{"ruleId", "address", "reason", "expires"?}]}';

/** What is wrong with the shape of one entry (every problem at once), or an empty list. */
function entryProblems(entry: unknown, index: number): string[] {
  const where = `suppressions[${index}]`;
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return [`${where} must be an object with "ruleId", "address", "reason" and optionally "expires"`];
  const item = entry as Record<string, unknown>;
  const problems = ["ruleId", "address", "reason"].filter((field) => typeof item[field] !== "string" || (item[field] as string).trim() === "").map((field) => `${where}.${field} must be a non-empty string`);
  if (item.expires !== undefined && typeof item.expires !== "string") problems.push(`${where}.expires must be a date string YYYY-MM-DD`);
  return problems;
}

/**
 * Reads a suppression file: `{"suppressions": [{"ruleId", "address", "reason", "expires"?}]}`. A file that
 * cannot be read or has the wrong shape is an input error listing every malformed entry; whether each entry's
 * rule exists, its reason is long enough and its date valid or past is checked when the pack runs, and
 * reported once per entry (FHI-SUP-001, FHI-SUP-002).
 */
export function readSuppressionFile(file: string): FileSuppression[] {
  let text: string;
  let document: unknown;
  try {
    text = fs.readFileSync(file, "utf8");
    document = JSON.parse(text);
  } catch (error) {
    throw new InputError(file, `not a readable JSON suppression file (${(error as Error).message.split("\n")[0]}); expected ${ENTRY_SHAPE}`);
  }
  const list = (document as { suppressions?: unknown })?.suppressions;
  if (!Array.isArray(list)) throw new InputError(file, `expected ${ENTRY_SHAPE}`);
  const problems = list.flatMap(entryProblems);
  if (problems.length > 0) throw new InputError(file, `${problems.length} malformed entr${problems.length === 1 ? "y" : "ies"}: ${problems.join("; ")}`);
  // Each entry has one "ruleId" key: its n-th occurrence is the n-th entry's line.
  const finder = new LineFinder(text);
  const lines = [...text.matchAll(/"ruleId"\s*:/g)].map((match) => finder.find(match[0], match.index)?.line);
  const located = lines.length === list.length;
  return list.map((entry, index) => {
    const item = entry as Record<string, string>;
    return {
      ruleId: item.ruleId,
      address: item.address,
      reason: item.reason,
      ...(item.expires !== undefined ? { expires: item.expires } : {}),
      origin: file,
      index,
      ...(located && lines[index] !== undefined ? { line: lines[index] } : {}),
    };
  });
}
