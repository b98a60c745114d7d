import { oneOf, sameText } from "../../engine/checks";
import { fail, pass, unknown, type Verdict } from "../../engine/rule";
import type { Resource } from "../../model/resource";
import { blocksAt, containsUnknown, isAbsent, isUnknown, isValueObject, type Value, type ValueObject } from "../../model/value";

/*
 * NSG security rules as the pack reads them, inline (`security_rule` blocks) or standalone
 * (`azurerm_network_security_rule`, merged into its NSG's effective view, or judged alone when the NSG is not in
 * the input). Values are canonical strings (model/normalize.ts): a port written 3389 reads "3389".
 */

/** The fields that decide whether a rule exposes something; names and IDs being expressions does not matter. */
const DECIDING_FIELDS = ["direction", "access", "protocol", "source_address_prefix", "source_address_prefixes", "destination_port_range", "destination_port_ranges"];

/**
 * Does a source prefix mean "any address"? Azure's `*` and `Any`, the `Internet` service tag, `0.0.0.0`, and
 * any prefix of length 0 (`0.0.0.0/0`, `::/0`, `10.0.0.0/0`): checkov's and trivy's lists, and what they miss.
 */
export function isAnywhere(prefix: string): boolean {
  const text = prefix.trim().toLowerCase();
  return text === "*" || text === "any" || text === "internet" || text === "0.0.0.0" || /\/0+$/.test(text);
}

/** A port field entry as Azure accepts it: `*`, a port, or a range `low-high`; undefined when it is not one. */
export function portRange(entry: string): readonly [number, number] | undefined {
  const text = entry.trim();
  if (text === "*") return [0, 65535];
  const match = text.match(/^(\d+)(?:\s*-\s*(\d+))?$/);
  return match ? [Number(match[1]), Number(match[2] ?? match[1])] : undefined;
}

/** Every string of a single-valued field and its plural list (`source_address_prefix` and `..._prefixes`). */
function entries(rule: ValueObject, single: string, plural: string): string[] {
  const values = [rule[single], ...(Array.isArray(rule[plural]) ? (rule[plural] as readonly Value[]) : [])];
  return values.filter((value): value is string => typeof value === "string");
}

/** How every NSG rule of the pack reads security rules, for their rationale. */
export const NSG_READING =
  "Rules are read inline or standalone, ports as a port, a range, `*` or a list of them, and any address as `*`, `Any`, `Internet`, `0.0.0.0` or any prefix of length 0 (`0.0.0.0/0`, `::/0`); a rule without direction or access (which azurerm requires) counts as an inbound allow.";

/** Protocols with ports: a rule for any protocol but ICMP counts for a port, as trivy reads it. */
export const PORTED_PROTOCOLS = ["tcp", "udp", "esp", "ah"];

/** An NSG (its effective rules: inline and standalone) and a standalone rule whose NSG is not in the input. */
export const NSG_RULE_TYPES = ["azurerm_network_security_group", "azurerm_network_security_rule"];

/** What makes a rule dangerous: the ports (any of them) and protocols it must allow for the check to fire. */
export interface Exposure {
  /** Matched when the rule's destination ports cover any of these; omitted (and no allPorts): whatever the ports. */
  readonly ports?: readonly number[];
  /** Only rules that cover every port (`*`, `0-65535`). */
  readonly allPorts?: boolean;
  /** Lower-case protocols that count; `*` and a missing protocol always count. */
  readonly protocols: readonly string[];
}

/**
 * Does an inbound allow rule from anywhere open `exposure`? A rule without a direction or access (which azurerm
 * requires) is read as inbound and allowing: a rule that does not say it denies is not given the benefit.
 */
function exposes(rule: ValueObject, exposure: Exposure): boolean {
  if (!isAbsent(rule.direction) && !sameText(rule.direction, "Inbound")) return false;
  if (!isAbsent(rule.access) && !sameText(rule.access, "Allow")) return false;
  if (!isAbsent(rule.protocol) && !oneOf("*", ...exposure.protocols)(rule.protocol)) return false;
  if (!entries(rule, "source_address_prefix", "source_address_prefixes").some(isAnywhere)) return false;
  if (!exposure.allPorts && exposure.ports === undefined) return true;
  const ranges = entries(rule, "destination_port_range", "destination_port_ranges")
    .map(portRange)
    .filter((range): range is readonly [number, number] => range !== undefined);
  if (exposure.allPorts) return ranges.some(([low, high]) => low <= 1 && high >= 65535);
  return ranges.some(([low, high]) => exposure.ports!.some((port) => low <= port && port <= high));
}

/** A rule as the reader finds it: the standalone resource's address, else the inline block's name. */
function ruleName(resource: Resource, rule: Value): string {
  const standalone = resource.configuredBy?.find((source) => source.values === rule);
  if (standalone) return standalone.address;
  return isValueObject(rule) && typeof rule.name === "string" ? `security rule ${rule.name}` : "a security rule";
}

/** The ports of `exposure` that a rule opens, for messages. */
function openedPorts(rule: ValueObject, exposure: Exposure): number[] {
  return (exposure.ports ?? []).filter((port) => exposes(rule, { ...exposure, ports: [port] }));
}

/**
 * Fails when any inbound allow rule of the (effective) NSG opens `exposure` to any address; unknown when the
 * rules, or the fields that decide, come from expressions.
 */
export function checkInternetExposure(resource: Resource, exposure: Exposure, what: string): Verdict {
  const rules = blocksAt(resource.values, "security_rule");
  if (isUnknown(rules)) return unknown("security rules come from a dynamic block or expression");
  const open = rules.filter((rule): rule is ValueObject => isValueObject(rule) && exposes(rule, exposure));
  if (open.length > 0) {
    const detail = (rule: ValueObject) => {
      const ports = openedPorts(rule, exposure);
      return ports.length > 0 && exposure.ports && exposure.ports.length > 1 ? `${ruleName(resource, rule)} (port ${ports.join(", ")})` : ruleName(resource, rule);
    };
    return fail(`${open.map(detail).join(", ")} allow${open.length === 1 ? "s" : ""} ${what} from any address`);
  }
  const undecided = rules.filter((rule) => !isValueObject(rule) || DECIDING_FIELDS.some((field) => containsUnknown(rule[field])));
  if (undecided.length > 0) return unknown(`${undecided.length} rule(s) use expressions; cannot tell whether they allow ${what} from any address`);
  return pass(rules.length === 0 ? "no security rules" : `no rule allows ${what} from any address`);
}
