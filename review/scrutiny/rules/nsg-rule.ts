import { isUnknown, isValueObject, valueAt, type Value, type ValueObject } from "../../../policies/model";
import type { ResourceChange } from "../../model";
import type { Assessment, ScrutinyRule } from "../rule";

/** Sources (inbound) or destinations (outbound) that mean "anyone on the internet". */
const PUBLIC_PEERS = new Set(["*", "0.0.0.0/0", "::/0", "internet", "any"]);

/** Ports whose exposure is an incident waiting to happen: remote shells, databases, caches, node agents. */
const SENSITIVE_PORTS: Readonly<Record<number, string>> = {
  20: "FTP data", 21: "FTP", 22: "SSH", 23: "Telnet", 135: "RPC", 139: "NetBIOS", 445: "SMB", 1433: "SQL Server", 2375: "Docker",
  2376: "Docker TLS", 3306: "MySQL", 3389: "RDP", 5432: "PostgreSQL", 5985: "WinRM", 5986: "WinRM TLS", 6379: "Redis",
  9200: "Elasticsearch", 10250: "kubelet", 27017: "MongoDB",
};

interface NsgRule {
  readonly name: string;
  readonly direction: string;
  readonly access: string;
  readonly priority: Value | undefined;
  /** The far side: sources for inbound rules, destinations for outbound ones. */
  readonly peers: readonly string[];
  readonly ports: readonly string[];
  /** Some peer or port is an expression: cannot tell. */
  readonly unknown: boolean;
}

function strings(values: ValueObject, single: string, many: string): { list: string[]; unknown: boolean } {
  const plural = valueAt(values, many);
  const candidates = [valueAt(values, single), ...(Array.isArray(plural) ? plural : [plural])];
  return {
    list: candidates.filter((value): value is string => typeof value === "string" && value !== ""),
    unknown: candidates.some((value) => isUnknown(value)),
  };
}

function ruleOf(values: ValueObject): NsgRule {
  const direction = String(values.direction ?? "Inbound");
  const inbound = direction.toLowerCase() !== "outbound";
  const peers = inbound ? strings(values, "source_address_prefix", "source_address_prefixes") : strings(values, "destination_address_prefix", "destination_address_prefixes");
  const asgs = valueAt(values, inbound ? "source_application_security_group_ids" : "destination_application_security_group_ids");
  const ports = strings(values, "destination_port_range", "destination_port_ranges");
  return {
    name: String(values.name ?? "?"),
    direction,
    access: String(values.access ?? "?"),
    priority: values.priority,
    peers: [...peers.list, ...(peers.unknown ? ["(unknown)"] : []), ...(Array.isArray(asgs) && asgs.length > 0 ? ["(application security group)"] : [])],
    ports: ports.list,
    unknown: peers.unknown || ports.unknown,
  };
}

function isPrivateAddress(prefix: string): boolean | undefined {
  const ipv4 = /^(\d+)\.(\d+)\.\d+\.\d+(\/\d+)?$/.exec(prefix);
  if (ipv4) {
    const [a, b] = [Number(ipv4[1]), Number(ipv4[2])];
    return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254);
  }
  if (prefix.includes(":")) return /^(fc|fd|fe80)/i.test(prefix);
  return undefined;
}

function isPublicPeer(peer: string): boolean {
  return PUBLIC_PEERS.has(peer.toLowerCase()) || isPrivateAddress(peer) === false;
}

function covers(range: string, port: number): boolean {
  if (range === "*") return true;
  const [low, high] = range.split("-").map(Number);
  return port >= low && port <= (Number.isNaN(high) || high === undefined ? low : high);
}

function sensitivePorts(rule: NsgRule): number[] {
  return Object.keys(SENSITIVE_PORTS)
    .map(Number)
    .filter((port) => rule.ports.some((range) => covers(range, port)));
}

function describePorts(rule: NsgRule, only?: readonly number[]): string {
  if (rule.ports.includes("*")) return "all ports";
  const ports = only ?? sensitivePorts(rule);
  const named = ports.map((port) => `${port} (${SENSITIVE_PORTS[port]})`);
  return only ? named.join(", ") : `port ${rule.ports.join(", ")}${named.length > 0 ? ` incl. ${named.join(", ")}` : ""}`;
}

function exposure(rule: NsgRule): { publicPeers: string[]; sensitive: number[] } {
  return { publicPeers: rule.peers.filter(isPublicPeer), sensitive: sensitivePorts(rule) };
}

const isAllow = (rule: NsgRule) => rule.access.toLowerCase() === "allow";
const side = (rule: NsgRule) => (rule.direction.toLowerCase() === "outbound" ? "to" : "from");

function describe(rule: NsgRule): string {
  return `${rule.direction} ${rule.access} rule "${rule.name}" ${side(rule)} ${rule.peers.join(", ") || "(none)"} on ${describePorts(rule)}`;
}

function assessAdded(rule: NsgRule): Assessment {
  if (!isAllow(rule)) return { kind: "narrowing", reason: `${describe(rule)} added` };
  if (rule.unknown) return { kind: "notable", reason: `${describe(rule)} added; part of it is an expression, check what it resolves to` };
  const { publicPeers, sensitive } = exposure(rule);
  if (publicPeers.length > 0 || sensitive.length > 0) return { kind: "broadening", reason: `${describe(rule)} added` };
  return { kind: "notable", reason: `${describe(rule)} added` };
}

function assessRemoved(rule: NsgRule): Assessment {
  if (isAllow(rule)) return { kind: "narrowing", reason: `${describe(rule)} removed` };
  const { publicPeers, sensitive } = exposure(rule);
  if (publicPeers.length > 0 || sensitive.length > 0) return { kind: "broadening", reason: `${describe(rule)} removed: that traffic is no longer blocked here` };
  return { kind: "notable", reason: `${describe(rule)} removed` };
}

function assessChanged(before: NsgRule, after: NsgRule): Assessment[] {
  if (before.direction !== after.direction) return [assessRemoved(before), assessAdded(after)];
  if (isAllow(before) && !isAllow(after)) return [{ kind: "narrowing", reason: `${describe(after)}: was Allow` }];
  if (!isAllow(before) && isAllow(after)) {
    const added = assessAdded(after);
    const removed = assessRemoved(before);
    return [added.kind === "broadening" || removed.kind === "broadening" ? { kind: "broadening", reason: `${describe(after)}: was Deny` } : added];
  }
  const notes: Assessment[] = [];
  if (isAllow(after)) {
    const was = exposure(before);
    const now = exposure(after);
    const newPeers = now.publicPeers.filter((peer) => !was.publicPeers.includes(peer));
    const newPorts = now.sensitive.filter((port) => !was.sensitive.includes(port));
    const addedPeers = after.peers.filter((peer) => !before.peers.includes(peer));
    const addedPorts = after.ports.filter((port) => !before.ports.includes(port));
    const removedAny = before.peers.some((peer) => !after.peers.includes(peer)) || before.ports.some((port) => !after.ports.includes(port));
    const lostRisk = was.publicPeers.some((peer) => !now.publicPeers.includes(peer)) || was.sensitive.some((port) => !now.sensitive.includes(port));
    if (newPeers.length > 0 || newPorts.length > 0) {
      const parts = [...(newPeers.length > 0 ? [`now ${side(after)} ${newPeers.join(", ")}`] : []), ...(newPorts.length > 0 ? [`now on ${after.ports.includes("*") ? "all ports" : describePorts(after, newPorts)}`] : [])];
      notes.push({ kind: "broadening", reason: `${describe(after)} widened: ${parts.join("; ")}` });
    } else if (after.unknown && (removedAny || addedPeers.length > 0 || addedPorts.length > 0)) {
      notes.push({ kind: "notable", reason: `${describe(after)} changed; part of it is an expression or known only after apply, check what it resolves to` });
    } else if (lostRisk || (removedAny && addedPeers.length === 0 && addedPorts.length === 0)) {
      notes.push({ kind: "narrowing", reason: `${describe(after)} narrowed (was ${side(before)} ${before.peers.join(", ")} on ${describePorts(before)})` });
    } else if (addedPeers.length > 0 || addedPorts.length > 0) {
      notes.push({ kind: "notable", reason: `${describe(after)} widened (${[...addedPeers, ...addedPorts].join(", ")} added)` });
    }
  } else {
    const was = exposure(before);
    const now = exposure(after);
    const lostPeers = was.publicPeers.filter((peer) => !now.publicPeers.includes(peer));
    const lostPorts = was.sensitive.filter((port) => !now.sensitive.includes(port));
    if (lostPeers.length > 0 || lostPorts.length > 0) notes.push({ kind: "broadening", reason: `${describe(after)} no longer blocks ${[...lostPeers, ...lostPorts.map(String)].join(", ")}` });
  }
  if (before.priority !== after.priority) notes.push({ kind: "notable", reason: `rule "${after.name}" priority ${String(before.priority)} -> ${String(after.priority)} changes which rule wins` });
  return notes;
}

function inlineRules(values: ValueObject | null): Map<string, NsgRule> {
  const blocks = values === null ? undefined : valueAt(values, "security_rule");
  const list = Array.isArray(blocks) ? blocks : isValueObject(blocks) ? [blocks] : [];
  return new Map(list.filter(isValueObject).map((block) => ruleOf(block)).map((rule) => [rule.name, rule]));
}

function compareRules(before: Map<string, NsgRule>, after: Map<string, NsgRule>): Assessment[] {
  const notes: Assessment[] = [];
  for (const [name, rule] of after) {
    const previous = before.get(name);
    notes.push(...(previous ? assessChanged(previous, rule) : [assessAdded(rule)]));
  }
  for (const [name, rule] of before) if (!after.has(name)) notes.push(assessRemoved(rule));
  return notes;
}

/**
 * NSG rules (standalone resources, or inline `security_rule` blocks): Allow rules added or widened to public
 * peers (`*`, `0.0.0.0/0`, `::/0`, `Internet`, `Any`, public ranges) or sensitive ports are broadening, as is
 * a Deny rule for them removed; other Allow rules are shown as notable; Deny rules added are narrowing.
 */
export const nsgRule: ScrutinyRule = {
  id: "nsg-rule",
  title: "Network security group rules",
  resourceTypes: ["azurerm_network_security_rule", "azurerm_network_security_group"],
  assess(change: ResourceChange): Assessment[] {
    if (change.type === "azurerm_network_security_group") return compareRules(inlineRules(change.before), inlineRules(change.after));
    const single = (values: ValueObject | null) => new Map(values === null ? [] : [["rule", ruleOf(values)] as const]);
    return compareRules(single(change.before), single(change.after));
  },
};
