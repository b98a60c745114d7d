/**
 * The endpoints of the Azure cloud an environment lives in. Health organisations run in sovereign clouds, so no
 * client may assume the public cloud's hosts: every client and credential takes its endpoints from here.
 */
import type { CloudConfig } from "../environments/schema/config";

export interface CloudEndpoints {
  /** The cloud's name as `az cloud list` shows it, or "custom". */
  readonly name: string;
  readonly resourceManagerUrl: string;
  /** The OAuth scope ARM tokens are requested for. */
  readonly resourceManagerScope: string;
  readonly keyVaultDnsSuffix: string;
  readonly authorityHost: string;
  /** Set only when the custom cloud fronts Key Vault with a gateway. */
  readonly keyVaultEndpoint?: string;
}

// Values as `az cloud show --name <cloud>` reports them.
const KNOWN_CLOUDS: Record<Exclude<CloudConfig, object>, CloudEndpoints> = {
  AzureCloud: {
    name: "AzureCloud",
    resourceManagerUrl: "https://management.azure.com",
    resourceManagerScope: "https://management.azure.com/.default",
    keyVaultDnsSuffix: ".vault.azure.net",
    authorityHost: "https://login.microsoftonline.com",
  },
  AzureUSGovernment: {
    name: "AzureUSGovernment",
    resourceManagerUrl: "https://management.usgovcloudapi.net",
    resourceManagerScope: "https://management.usgovcloudapi.net/.default",
    keyVaultDnsSuffix: ".vault.usgovcloudapi.net",
    authorityHost: "https://login.microsoftonline.us",
  },
  AzureChinaCloud: {
    name: "AzureChinaCloud",
    resourceManagerUrl: "https://management.chinacloudapi.cn",
    resourceManagerScope: "https://management.chinacloudapi.cn/.default",
    keyVaultDnsSuffix: ".vault.azure.cn",
    authorityHost: "https://login.chinacloudapi.cn",
  },
};

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, "");

export function resolveCloud(cloud: CloudConfig): CloudEndpoints {
  if (typeof cloud === "string") return KNOWN_CLOUDS[cloud];
  const resourceManagerUrl = withoutTrailingSlash(cloud.resourceManagerUrl);
  return {
    name: "custom",
    resourceManagerUrl,
    resourceManagerScope: `${withoutTrailingSlash(cloud.resourceManagerAudience ?? resourceManagerUrl)}/.default`,
    keyVaultDnsSuffix: cloud.keyVaultDnsSuffix,
    authorityHost: cloud.authorityHost,
    keyVaultEndpoint: cloud.keyVaultEndpoint && withoutTrailingSlash(cloud.keyVaultEndpoint),
  };
}

/** The data-plane URL of a vault in this cloud. */
export function vaultUrl(cloud: CloudEndpoints, vaultName: string): string {
  return cloud.keyVaultEndpoint ? `${cloud.keyVaultEndpoint}/${vaultName}` : `https://${vaultName}${cloud.keyVaultDnsSuffix}`;
}
