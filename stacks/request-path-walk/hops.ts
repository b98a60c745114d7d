/**
 * A request walked hop by hop: each hop states what it proved, and the first link that does not hold stops the walk
 * with the hop named and the reason.
 */
import { Address4 } from "ip-address";

/** One hop of the path and the facts on the synthesized Terraform that make it hold. */
export interface Hop {
  readonly name: string;
  readonly facts: readonly string[];
}

/** A link of the path that does not hold. */
export class BrokenLink extends Error {
  constructor(
    readonly hop: string,
    readonly reason: string,
  ) {
    super(`request path broken at "${hop}": ${reason}`);
    this.name = "BrokenLink";
  }
}

class MissingLink extends Error {}

/** The value, or the walk stops at the current hop with `reason`. */
export function need<T>(value: T | undefined | null | false, reason: string): T {
  if (value === undefined || value === null || value === false) throw new MissingLink(reason);
  return value;
}

/** The one element, or the walk stops: none found, or several where the path must be unambiguous. */
export function one<T>(values: readonly T[], what: string): T {
  if (values.length !== 1) throw new MissingLink(values.length === 0 ? `no ${what}` : `${values.length} candidates for ${what}, where the path needs one`);
  return values[0];
}

/** Collects hops; `hop` runs one, turning a missing link into a BrokenLink that names it. */
export class Walk {
  readonly hops: Hop[] = [];

  hop<T>(name: string, prove: () => { readonly facts: readonly string[]; readonly result: T }): T {
    try {
      const { facts, result } = prove();
      this.hops.push({ name, facts });
      return result;
    } catch (error) {
      if (error instanceof MissingLink) throw new BrokenLink(name, error.message);
      throw error;
    }
  }
}

/** The attributes of the first `<element ...>` in an API Management policy document (values as written, entities kept). */
export function policyElement(xml: string, element: string): Readonly<Record<string, string>> | undefined {
  const tag = new RegExp(`<${element}(\\s[^>]*)?/?>`).exec(xml);
  if (!tag) return undefined;
  return Object.fromEntries([...(tag[1] ?? "").matchAll(/([\w:-]+)="([^"]*)"/g)].map(([, name, value]) => [name, value]));
}

/** Is `ip` (IPv4) inside `cidr`? */
export function inCidr(ip: string, cidr: string): boolean {
  return Address4.isValid(ip) && Address4.isValid(cidr) && new Address4(ip).isInSubnet(new Address4(cidr));
}
