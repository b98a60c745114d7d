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
  deployerKeyVault: { pattern: /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/, rule: "3-24 letters, digits or single hyphens, starting with a letter" },
  storageAccount: { pattern: /^[a-z0-9]{3,24}$/, rule: "3-24 lowercase letters or digits" },
  deployArtifactsAccount: { pattern: /^[a-z0-9]{3,24}$/, rule: "3-24 lowercase letters or digits" },
  /** Container Apps job names (learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules, Microsoft.App). */
  runnersJob: { pattern: /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, rule: "2-32 lowercase letters, digits or hyphens, starting with a letter" },
  containerRegistry: { pattern: /^[a-zA-Z0-9]{5,50}$/, rule: "5-50 letters or digits" },
  aksCluster: { pattern: /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,61}[a-zA-Z0-9]$/, rule: "1-63 letters, digits, hyphens or underscores" },
  mlWorkspace: { pattern: /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$/, rule: "3-33 letters, digits, hyphens or underscores" },
} as const;

export type NamedKind = keyof typeof NAME_RULES;

/** A short, stable suffix for globally unique names: the same inputs always give the same 5 characters. */
export function stableSuffix(...parts: string[]): string {
  return createHash("sha256").update(parts.join("/")).digest("hex").slice(0, 5);
}

/**
 * A GUID derived from `parts` (RFC 4122 layout, version 5 bits over SHA-256): the same inputs give the same GUID,
 * for resources whose ID must be known before they exist (a custom role definition that a condition names).
 */
export function stableGuid(...parts: string[]): string {
  const hex = createHash("sha256").update(parts.join("/")).digest("hex");
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export type ResourceGroupPurpose = "network" | "platform" | "inference" | "gateway" | "edge" | "state" | "deploy";

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
  /** The spoke's, or with `purpose` another network of the region (e.g. `deploy`, the deployer's). */
  virtualNetwork(purpose?: string): string {
    return `vnet-${this.base}${purpose ? `-${purpose}` : ""}`;
  }
  subnet(role: string): string {
    return `snet-${kebab(role)}`;
  }
  networkSecurityGroup(role: string): string {
    return `nsg-${this.base}-${kebab(role)}`;
  }
  routeTable(purpose = "egress"): string {
    return `rt-${this.base}-${purpose}`;
  }
  natGateway(purpose: string): string {
    return `ng-${this.base}-${purpose}`;
  }
  keyVault(): string {
    return `kv-${this.base}-${this.suffix}`;
  }
  /** The deployer's own vault (the runners' GitHub token); compact, so that it fits 24 characters beside the region's vault. */
  deployerKeyVault(): string {
    return `kv${this.compact}dep${this.suffix}`;
  }
  /** Names of the deployer's runners (Container Apps environment, job) and GitHub network settings. */
  runners(): string {
    return `${this.base}-runners`;
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
  /** The Azure Monitor workspace of Managed Prometheus. */
  monitorWorkspace(): string {
    return `amw-${this.base}`;
  }
  dataCollectionEndpoint(purpose: string): string {
    return `dce-${this.base}-${purpose}`;
  }
  dataCollectionRule(purpose: string): string {
    return `dcr-${this.base}-${purpose}`;
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
      deployerKeyVault: this.deployerKeyVault(),
      storageAccount: this.storageAccount("ml"),
      deployArtifactsAccount: this.storageAccount("dp"),
      runnersJob: `caj-${this.runners()}`,
      containerRegistry: this.containerRegistry(),
      aksCluster: this.aksCluster(),
      mlWorkspace: this.mlWorkspace(),
    };
  }
}

function kebab(value: string): string {
  return value.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}
