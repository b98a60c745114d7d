import { isUnknown, type Value, type ValueObject } from "../policies/model/value";
import { mapUnknowns } from "./values";

/** A managed resource of one side of the comparison, with its values (full expressions). */
export interface Side {
  readonly stack: string;
  readonly address: string;
  readonly type: string;
  /** The logical ID: the address without the type. */
  readonly name: string;
  readonly constructPath?: string;
  readonly values: ValueObject;
}

export interface Matching<T extends Side> {
  readonly pairs: readonly (readonly [T, T])[];
  readonly created: readonly T[];
  readonly destroyed: readonly T[];
  /** Rewrites a base expression so that renamed logical IDs read as their head names. */
  readonly rename: (expression: string) => string;
}

/** Attributes that place a resource under its parent; with type, name and location they identify it in Azure. */
const PARENT_ATTRIBUTES = [
  "resource_group_name", "parent_id", "scope", "network_security_group_name", "virtual_network_name", "kubernetes_cluster_id",
  "key_vault_id", "storage_account_id", "storage_account_name", "private_dns_zone_name", "target_resource_id", "cluster_id",
  "resource_id", "subnet_id", "network_security_group_id", "route_table_id", "virtual_network_id", "server_id",
];
/** Attributes that are not identity for resources without a name (a role assignment is its scope, role and principal). */
const NOT_IDENTITY = new Set(["tags", "description", "skip_service_principal_aad_check"]);

function identity(side: Side, rename: (expression: string) => string): string | undefined {
  const values = side.values;
  const normalized = (value: Value | undefined) => (value === undefined ? null : mapUnknowns(value, rename));
  const parts: Record<string, unknown> = { stack: side.stack, type: side.type };
  if (typeof values.name === "string") {
    parts.name = values.name;
    parts.location = normalized(values.location);
    for (const attribute of PARENT_ATTRIBUTES) if (attribute in values) parts[attribute] = normalized(values[attribute]);
  } else {
    for (const [key, value] of Object.entries(values)) if (!NOT_IDENTITY.has(key)) parts[key] = normalized(value);
  }
  return JSON.stringify(parts, (_key, value: unknown) => (isUnknown(value) ? `unknown:${value.why}` : value));
}

function renamer(renames: ReadonlyMap<string, string>): (expression: string) => string {
  // Logical IDs end in an 8-hex hash, so a plain substring replacement is safe; longest first so that no
  // shorter ID replaces part of a longer one. Cross-stack output names embed the ID without separators.
  const entries = [...renames].sort((a, b) => b[0].length - a[0].length);
  return (expression) => entries.reduce((text, [from, to]) => (text.includes(from) ? text.split(from).join(to) : text), expression);
}

/**
 * Pairs base and head resources that are the same Azure resource: same stack and address, else same
 * construct path, else same type, Azure name, location and parent (with renames found so far applied to
 * the base's references, repeated until nothing new pairs up). What is left is created or destroyed.
 */
export function matchResources<T extends Side>(base: readonly T[], head: readonly T[]): Matching<T> {
  const pairs: (readonly [T, T])[] = [];
  const renames = new Map<string, string>();
  let baseLeft = [...base];
  let headLeft = [...head];
  const pairBy = (keyOf: (side: T, isBase: boolean) => string | undefined): number => {
    const headByKey = new Map<string, T[]>();
    for (const side of headLeft) {
      const key = keyOf(side, false);
      if (key !== undefined) headByKey.set(key, [...(headByKey.get(key) ?? []), side]);
    }
    const baseCount = new Map<string, number>();
    const baseKeys = new Map<T, string | undefined>(baseLeft.map((side) => [side, keyOf(side, true)]));
    for (const key of baseKeys.values()) if (key !== undefined) baseCount.set(key, (baseCount.get(key) ?? 0) + 1);
    const pairedBase = new Set<T>();
    const pairedHead = new Set<T>();
    for (const side of baseLeft) {
      const key = baseKeys.get(side);
      const candidates = key === undefined ? undefined : headByKey.get(key);
      // Only unambiguous pairs: two base resources with one identity are left to create/destroy.
      if (!candidates || candidates.length !== 1 || baseCount.get(key!) !== 1) continue;
      pairs.push([side, candidates[0]]);
      pairedBase.add(side);
      pairedHead.add(candidates[0]);
      if (side.name !== candidates[0].name) renames.set(side.name, candidates[0].name);
    }
    baseLeft = baseLeft.filter((side) => !pairedBase.has(side));
    headLeft = headLeft.filter((side) => !pairedHead.has(side));
    return pairedBase.size;
  };
  pairBy((side) => `${side.stack}|${side.address}`);
  pairBy((side) => (side.constructPath === undefined ? undefined : `${side.stack}|${side.type}|${side.constructPath}`));
  for (let round = 0; round < 5 && baseLeft.length > 0 && headLeft.length > 0; round++) {
    const rename = renamer(renames);
    if (pairBy((side, isBase) => identity(side, isBase ? rename : (text) => text)) === 0) break;
  }
  return { pairs, created: headLeft, destroyed: baseLeft, rename: renamer(renames) };
}
