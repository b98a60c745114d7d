/**
 * Resource names, per the Cloud Adoption Framework abbreviations
 * (https://learn.microsoft.com/azure/cloud-adoption-framework/ready/azure-best-practices/resource-abbreviations).
 * Names are deterministic: the same config always yields the same names, so a synth never renames (and so
 * never replaces) a resource. Globally unique names get a short suffix hashed from the config, never random.
 */
import { createHash } from "node:crypto";
import type { Environment } from "./config";
import { regionCode, type RegionName } from "./regions";

/** Azure's rules for the names that are easy to break; checked by validation after naming is applied. */
export const NAME_RULES = {
  keyVault: { pattern: /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/, rule: "3-24 letters, digits or single hyphens, starting with a letter" },
  storageAccount: { pattern: /^[a-z0-9]{3,24}$/, rule: "3-24 lowercase letters or digits" },
  containerRegistry: { pattern: /^[a-zA-Z0-9]{5,50}$/, rule: "5-50 letters or digits" },
  aksCluster: { pattern: /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,61}[a-zA-Z0-9]$/, rule: "1-63 letters, digits, hyphens or underscores" },
  mlWorkspace: { pattern: /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$/, rule: "3-33 letters, digits, hyphens or underscores" },
} as const;

export type NamedKind = keyof typeof NAME_RULES;

/** A short, stable suffix for globally unique names: the same inputs always give the same 5 characters. */
export function stableSuffix(...parts: string[]): string {
  return createHash("sha256").update(parts.join("/")).digest("hex").slice(0, 5);
}

export type ResourceGroupPurpose = "network" | "platform" | "inference" | "gateway" | "edge" | "state";

/** Names for everything one environment deploys in one region. */
export class RegionNames {
  readonly code: string;
  private readonly base: string;
  private readonly compact: string;
  private readonly suffix: string;

  constructor(
    readonly env: Pick<Environment, "name" | "naming" | "subscriptionId">,
    readonly location: RegionName,
  ) {
    this.code = regionCode(location);
    this.base = `${env.naming.prefix}-${env.name}-${this.code}`;
    this.compact = `${env.naming.prefix}${env.name}${this.code}`;
    this.suffix = stableSuffix(env.subscriptionId, env.naming.prefix, env.name, location);
  }

  resourceGroup(purpose: ResourceGroupPurpose): string {
    return `rg-${this.base}-${purpose}`;
  }
  virtualNetwork(): string {
    return `vnet-${this.base}`;
  }
  subnet(role: string): string {
    return `snet-${kebab(role)}`;
  }
  networkSecurityGroup(role: string): string {
    return `nsg-${this.base}-${kebab(role)}`;
  }
  routeTable(): string {
    return `rt-${this.base}-egress`;
  }
  keyVault(): string {
    return `kv-${this.base}-${this.suffix}`;
  }
  /** `purpose` is a short word (ml, flow, diag); storage names allow no separators. */
  storageAccount(purpose: string): string {
    return `st${purpose}${this.compact}${this.suffix}`;
  }
  containerRegistry(): string {
    return `cr${this.compact}${this.suffix}`;
  }
  logAnalytics(): string {
    return `log-${this.base}`;
  }
  applicationInsights(): string {
    return `appi-${this.base}`;
  }
  monitorPrivateLinkScope(): string {
    return `ampls-${this.base}`;
  }
  managedIdentity(role: string): string {
    return `id-${this.base}-${kebab(role)}`;
  }
  privateEndpoint(target: string, subresource: string): string {
    return `pep-${target}-${subresource}`;
  }
  diskEncryptionSet(): string {
    return `des-${this.base}`;
  }
  aksCluster(): string {
    return `aks-${this.base}`;
  }
  mlWorkspace(): string {
    return `mlw-${this.base}`;
  }
  apiManagement(): string {
    return `apim-${this.base}-${this.suffix}`;
  }
  actionGroup(): string {
    return `ag-${this.base}`;
  }
  /** Names checked against Azure's rules by validation. */
  checkedNames(): Record<NamedKind, string> {
    return {
      keyVault: this.keyVault(),
      storageAccount: this.storageAccount("ml"),
      containerRegistry: this.containerRegistry(),
      aksCluster: this.aksCluster(),
      mlWorkspace: this.mlWorkspace(),
    };
  }
}

function kebab(value: string): string {
  return value.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}
