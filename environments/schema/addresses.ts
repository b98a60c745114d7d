/**
 * IPv4 addresses and CIDR ranges of the config. A malformed one is reported with what is wrong and the fix, and
 * it aborts the checks of the objects around it: those (overlap, containment) parse the ranges they compare.
 */
import { z } from "zod";
import { Address4 } from "ip-address";

const EXAMPLE_RANGE = "10.20.0.0/22";

/** What is wrong with a value that should be an IPv4 address (a.b.c.d), or undefined when it is one. */
function addressProblem(address: string): string | undefined {
  if (address.includes(":")) return "is an IPv6 address; these networks are IPv4 only";
  const octets = address.split(".");
  if (octets.length !== 4 || octets.some((octet) => !/^\d{1,3}$/.test(octet))) return "is not four numbers separated by dots";
  const large = octets.find((octet) => Number(octet) > 255);
  if (large !== undefined) return `has ${large}, but each of the four numbers is 0-255`;
  return Address4.isValid(address) ? undefined : "is not an IPv4 address";
}

/** What is wrong with a value that should be an IPv4 CIDR range, or undefined when it is one. */
export function cidrProblem(value: string): string | undefined {
  const [address, prefix, ...rest] = value.split("/");
  if (prefix === undefined || rest.length > 0) return address.includes(":") ? "is an IPv6 range; these networks are IPv4 only" : "has no /prefix length";
  const wrongAddress = addressProblem(address);
  if (wrongAddress) return wrongAddress.replace("address", "range");
  if (!/^\d{1,2}$/.test(prefix) || Number(prefix) > 32) return `has prefix length /${prefix}, but an IPv4 prefix is /0 to /32`;
  return undefined;
}

/** An IPv4 network in CIDR form whose address is the network's first address (10.1.0.0/16, not 10.1.2.3/16). */
export const cidr = z.string().superRefine((value, ctx) => {
  const problem = cidrProblem(value);
  if (problem) {
    ctx.addIssue({ code: "custom", continue: false, message: `"${value}" ${problem}. Fix: write an IPv4 range as a.b.c.d/n, e.g. ${EXAMPLE_RANGE}` });
    return;
  }
  const address = new Address4(value);
  if (address.startAddress().address !== address.addressMinusSuffix) {
    ctx.addIssue({ code: "custom", continue: false, message: `"${value}" is not aligned to its prefix. Fix: use ${address.startAddress().address}/${address.subnetMask}` });
  }
});

export const ipv4 = z.string().superRefine((value, ctx) => {
  const problem = value.includes("/") ? "is a range, not one address" : addressProblem(value);
  if (problem) ctx.addIssue({ code: "custom", continue: false, message: `"${value}" ${problem}. Fix: write one IPv4 address as a.b.c.d, e.g. 10.20.0.10` });
});
