import { fail, pass, unknown, type Verdict } from "../../engine/rule";
import type { Resource } from "../../model/resource";
import { blocksAt, containsUnknown, isAbsent, isUnknown, isValueObject, type Value, type ValueObject } from "../../model/value";

/** The fields that decide whether a rule exposes something; names and IDs being expressions does not matter. */
const DECIDING_FIELDS = ["direction", "access", "protocol", "source_address_prefix", "source_address_prefixes", "destination_port_range", "destination_port_ranges"];

/** Source prefixes that mean "anyone on the internet". */
const INTERNET = new Set(["*", "0.0.0.0/0", "0.0.0.0", "::/0", "internet", "any"]);

/** The security rules a resource declares: the inline blocks of an NSG, or a standalone rule itself. */
function securityRules(resource: Resource): readonly Value[] | "unknown" {
  if (resource.type === "azurerm_network_security_rule") return [resource.values];
  const blocks = blocksAt(resource.values, "security_rule");
  return isUnknown(blocks) ? "unknown" : blocks;
}

function list(rule: ValueObject, single: string, plural: string): string[] {
  const values = [rule[single], ...(Array.isArray(rule[plural]) ? (rule[plural] as Value[]) : [])];
  return values.filter((value): value is string => typeof value === "string");
}

function portRangeCovers(range: string, port: number): boolean {
  if (range === "*") return true;
  const [low, high = low] = range.split("-").map(Number);
  return low <= port && port <= high;
}

/** What makes a rule dangerous: the ports (any of them) and protocols it must allow for the check to fire. */
export interface Exposure {
  /** Matched when the rule's destination ports cover any of these; undefined = any port. */
  readonly ports?: readonly number[];
  /** Only all-port rules (`*` or `0-65535`). */
  readonly allPorts?: boolean;
  /** Lower-case protocols that count; `*` always counts. */
  readonly protocols: readonly string[];
}

function exposes(rule: ValueObject, exposure: Exposure): boolean {
  if (String(rule.direction ?? "").toLowerCase() !== "inbound" || String(rule.access ?? "").toLowerCase() !== "allow") return false;
  const protocol = String(rule.protocol ?? "").toLowerCase();
  if (protocol !== "*" && !exposure.protocols.includes(protocol)) return false;
  if (!list(rule, "source_address_prefix", "source_address_prefixes").some((prefix) => INTERNET.has(prefix.toLowerCase()))) return false;
  const ranges = list(rule, "destination_port_range", "destination_port_ranges");
  if (exposure.allPorts) return ranges.some((range) => range === "*" || range === "0-65535");
  return exposure.ports === undefined || ranges.some((range) => exposure.ports!.some((port) => portRangeCovers(range, port)));
}

/** Fails when any inbound allow rule opens `exposure` to the internet; unknown when rules are built by expressions. */
export function checkInternetExposure(resource: Resource, exposure: Exposure, what: string): Verdict {
  const rules = securityRules(resource);
  if (rules === "unknown") return unknown("security rules come from a dynamic block or expression");
  const open = rules.filter((rule) => isValueObject(rule) && exposes(rule, exposure));
  if (open.length > 0) return fail(`${open.map((rule) => (isValueObject(rule) && typeof rule.name === "string" ? rule.name : "a rule")).join(", ")} allow ${what} from the internet`);
  const undecided = rules.filter((rule) => !isValueObject(rule) || DECIDING_FIELDS.some((field) => containsUnknown(rule[field])));
  if (undecided.length > 0) return unknown(`${undecided.length} rule(s) use expressions; cannot tell whether they allow ${what} from the internet`);
  return pass(rules.length === 0 || rules.every(isAbsent) ? "no security rules" : `no rule allows ${what} from the internet`);
}
