import type { Resource } from "./resource";

/** The azurerm major version of today's provider, which an input that does not cap the version gets. */
export const CURRENT_AZURERM_MAJOR = 4;

const VERSION = /(\d+)(?:\.(\d+))?(?:\.(\d+))?/;

/**
 * The highest major version a Terraform version constraint allows (`"~> 3.0"`, `">= 2.0, < 3.0"`,
 * `"= 3.117.0"`, `"4.55.0"`), or `latest` when it sets no upper bound: Terraform installs the newest provider
 * a constraint allows (developer.hashicorp.com/terraform/language/expressions/version-constraints).
 */
export function majorAllowedBy(constraint: string, latest: number): number {
  let major = latest;
  for (const part of constraint.split(",")) {
    const match = part.trim().match(/^(=|!=|>=|>|<=|<|~>)?\s*v?(.*)$/);
    const version = match?.[2].match(VERSION);
    if (!match || !version) continue;
    const parts = version.slice(1).filter((part) => part !== undefined).map(Number);
    const operator = match[1] ?? "=";
    let cap: number | undefined;
    if (operator === "=" || operator === "<=" || (operator === "~>" && parts.length >= 2)) cap = parts[0];
    else if (operator === "<") cap = parts.slice(1).some((part) => part > 0) ? parts[0] : parts[0] - 1;
    if (cap !== undefined) major = Math.min(major, cap);
  }
  return major;
}

/**
 * The azurerm major version that reads this resource, from the input's version constraint (`required_providers`,
 * or a plan's `provider_config`); undefined when the input does not say, since a lock file we cannot see may pin
 * any version. Provider defaults differ between generations: a missing attribute is judged by the default of
 * the provider that will read it.
 */
export function azurermMajor(resource: Resource): number | undefined {
  const constraint = resource.source.providerVersions?.azurerm;
  return constraint === undefined ? undefined : majorAllowedBy(constraint, CURRENT_AZURERM_MAJOR);
}
