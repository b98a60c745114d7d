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
  /** The Log Analytics query API and the scope of its tokens; unset for a custom cloud that names none. */
  readonly logAnalytics?: { readonly endpoint: string; readonly scope: string };
  /**
   * The scope of tokens for Azure Monitor workspaces' Prometheus query endpoints (Learn: prometheus-api-promql,
   * "resource=https://prometheus.monitor.azure.com"). Clusters serve only where Learn documents the workspaces'
   * private DNS zone (constructs/private-dns/zone-names.ts: the public cloud), so other clouds have none.
   */
  readonly prometheusScope?: string;
}

const PUBLIC_PROMETHEUS_SCOPE = "https://prometheus.monitor.azure.com/.default";

/** The query API's host is also its tokens' audience (@azure/monitor-query-logs KnownMonitorLogsQueryAudience). */
const logAnalytics = (endpoint: string) => ({ endpoint, scope: `${endpoint}/.default` });

// Values as `az cloud show --name <cloud>` reports them.
const KNOWN_CLOUDS: Record<Exclude<CloudConfig, object>, CloudEndpoints> = {
  AzureCloud: {
    name: "AzureCloud",
    resourceManagerUrl: "https://management.azure.com",
    resourceManagerScope: "https://management.azure.com/.default",
    keyVaultDnsSuffix: ".vault.azure.net",
    authorityHost: "https://login.microsoftonline.com",
    logAnalytics: logAnalytics("https://api.loganalytics.io"),
    prometheusScope: PUBLIC_PROMETHEUS_SCOPE,
  },
  AzureUSGovernment: {
    name: "AzureUSGovernment",
    resourceManagerUrl: "https://management.usgovcloudapi.net",
    resourceManagerScope: "https://management.usgovcloudapi.net/.default",
    keyVaultDnsSuffix: ".vault.usgovcloudapi.net",
    authorityHost: "https://login.microsoftonline.us",
    logAnalytics: logAnalytics("https://api.loganalytics.us"),
  },
  AzureChinaCloud: {
    name: "AzureChinaCloud",
    resourceManagerUrl: "https://management.chinacloudapi.cn",
    resourceManagerScope: "https://management.chinacloudapi.cn/.default",
    keyVaultDnsSuffix: ".vault.azure.cn",
    authorityHost: "https://login.chinacloudapi.cn",
    logAnalytics: logAnalytics("https://api.loganalytics.azure.cn"),
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
    logAnalytics: cloud.logAnalyticsEndpoint ? logAnalytics(withoutTrailingSlash(cloud.logAnalyticsEndpoint)) : undefined,
    // The stacks give a custom cloud the public cloud's Prometheus zone (stacks/serving/cluster-serving.ts).
    prometheusScope: PUBLIC_PROMETHEUS_SCOPE,
  };
}

/** The data-plane URL of a vault in this cloud. */
export function vaultUrl(cloud: CloudEndpoints, vaultName: string): string {
  return cloud.keyVaultEndpoint ? `${cloud.keyVaultEndpoint}/${vaultName}` : `https://${vaultName}${cloud.keyVaultDnsSuffix}`;
}
