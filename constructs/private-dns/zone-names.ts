/**
 * Private Link DNS zone names of the services we use, per sovereign cloud
 * (https://learn.microsoft.com/azure/private-link/private-endpoint-dns). A wrong name resolves nothing, so the
 * list is exact per cloud rather than derived.
 */
export type PrivateLinkService = "keyVault" | "acr" | "blob" | "file" | "amlApi" | "amlNotebooks" | "aks" | "monitor" | "omsOpinsights" | "odsOpinsights" | "agentService";

export type SovereignCloud = "AzureCloud" | "AzureUSGovernment" | "AzureChinaCloud";

const ZONES: Record<SovereignCloud, (location: string) => Record<PrivateLinkService, string>> = {
  AzureCloud: (location) => ({
    keyVault: "privatelink.vaultcore.azure.net",
    acr: "privatelink.azurecr.io",
    blob: "privatelink.blob.core.windows.net",
    file: "privatelink.file.core.windows.net",
    amlApi: "privatelink.api.azureml.ms",
    amlNotebooks: "privatelink.notebooks.azure.net",
    aks: `privatelink.${location}.azmk8s.io`,
    monitor: "privatelink.monitor.azure.com",
    omsOpinsights: "privatelink.oms.opinsights.azure.com",
    odsOpinsights: "privatelink.ods.opinsights.azure.com",
    agentService: "privatelink.agentsvc.azure-automation.net",
  }),
  AzureUSGovernment: (location) => ({
    keyVault: "privatelink.vaultcore.usgovcloudapi.net",
    acr: "privatelink.azurecr.us",
    blob: "privatelink.blob.core.usgovcloudapi.net",
    file: "privatelink.file.core.usgovcloudapi.net",
    amlApi: "privatelink.api.ml.azure.us",
    amlNotebooks: "privatelink.notebooks.usgovcloudapi.net",
    aks: `privatelink.${location}.cx.aks.containerservice.azure.us`,
    monitor: "privatelink.monitor.azure.us",
    omsOpinsights: "privatelink.oms.opinsights.azure.us",
    odsOpinsights: "privatelink.ods.opinsights.azure.us",
    agentService: "privatelink.agentsvc.azure-automation.us",
  }),
  AzureChinaCloud: (location) => ({
    keyVault: "privatelink.vaultcore.azure.cn",
    acr: "privatelink.azurecr.cn",
    blob: "privatelink.blob.core.chinacloudapi.cn",
    file: "privatelink.file.core.chinacloudapi.cn",
    amlApi: "privatelink.api.ml.azure.cn",
    amlNotebooks: "privatelink.notebooks.chinacloudapi.cn",
    aks: `privatelink.${location}.cx.prod.service.azk8s.cn`,
    monitor: "privatelink.monitor.azure.cn",
    omsOpinsights: "privatelink.oms.opinsights.azure.cn",
    odsOpinsights: "privatelink.ods.opinsights.azure.cn",
    agentService: "privatelink.agentsvc.azure-automation.cn",
  }),
};

export function privateLinkZoneNames(cloud: SovereignCloud, location: string): Record<PrivateLinkService, string> {
  return ZONES[cloud](location);
}

/**
 * The zone of an Azure Monitor workspace's query endpoint (Learn: azure-monitor-workspace-private-endpoint, sub-resource
 * prometheusMetrics). Learn documents it for the public cloud only; elsewhere we refuse rather than guess a name.
 */
export function prometheusZoneName(cloud: SovereignCloud, location: string): string {
  if (cloud !== "AzureCloud") throw new Error(`the private DNS zone of Azure Monitor workspaces is not documented for ${cloud}. Fix: serve from Azure ML managed endpoints there, or add the zone name here with its source`);
  return `privatelink.${location}.prometheus.monitor.azure.com`;
}
