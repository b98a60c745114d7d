/**
 * The FQDNs an environment's workloads and deploy runners reach on the internet, for the owner of the firewall
 * their egress leaves through (the hospital's hub in pilot). Generated from the environment config, so the list
 * changes when the estate does (docs/deploy.md shows it).
 */
import type { Environment } from "../environments/schema/config";

export interface EgressRule {
  /** A host name or a wildcard, as a firewall application rule takes it. */
  readonly fqdn: string;
  readonly port: "HTTPS:443" | "HTTP:80";
  /** What needs it, and when. */
  readonly use: string;
}

export interface EgressGroup {
  /** What sends the traffic, e.g. `AKS cluster aks-fhi-pilot-sdc (swedencentral)`. */
  readonly consumer: string;
  /** The subnets it leaves from. */
  readonly from: string;
  readonly rules: readonly EgressRule[];
  /** Where the list comes from. */
  readonly source: string;
}

const https = (fqdn: string, use: string): EgressRule => ({ fqdn, port: "HTTPS:443", use });

const AKS_SOURCE = "https://learn.microsoft.com/azure/aks/outbound-rules-control-egress";

/** Required by every AKS cluster, private clusters included (Azure Global required FQDN / application rules). */
const AKS_REQUIRED: readonly EgressRule[] = [
  https("mcr.microsoft.com", "system images and charts (coreDNS, ...), the extensions' images"),
  https("*.data.mcr.microsoft.com", "MCR storage behind its CDN"),
  https("mcr-0001.mcr-msedge.net", "MCR storage behind its CDN"),
  https("management.azure.com", "Kubernetes operations against Azure Resource Manager"),
  https("login.microsoftonline.com", "Microsoft Entra ID: nodes, Azure RBAC for Kubernetes, workload identity token exchange (model pods, KEDA, Key Vault CSI), the model router's token signing keys"),
  https("packages.microsoft.com", "cached apt-get operations"),
  https("acs-mirror.azureedge.net", "binaries such as Azure CNI"),
];

/** GPU node pools: the driver AKS installs (gpu_driver = Install). */
const AKS_GPU: readonly EgressRule[] = [
  https("nvidia.github.io", "NVIDIA driver installation on GPU nodes"),
  https("us.download.nvidia.com", "NVIDIA driver installation on GPU nodes"),
  https("download.docker.com", "NVIDIA container runtime on GPU nodes"),
];

/** Add-ons the cluster construct turns on: Defender, Container Insights, Azure Policy; and cluster extensions (GitOps). */
const AKS_ADDONS = (region: string): readonly EgressRule[] => [
  https("*.ods.opinsights.azure.com", "Defender for Containers and Container Insights (through the Monitor private link scope where it resolves privately)"),
  https("*.oms.opinsights.azure.com", "Log Analytics authentication"),
  https("dc.services.visualstudio.com", "Container Insights and Azure Policy add-on telemetry"),
  https("*.monitoring.azure.com", "Container Insights metrics"),
  https(`${region}.handler.control.monitor.azure.com`, "data collection rules of the cluster"),
  https("data.policy.core.windows.net", "Azure Policy add-on: policies and compliance"),
  https("store.policy.core.windows.net", "Azure Policy add-on: Gatekeeper artefacts"),
  https(`${region}.dp.kubernetesconfiguration.azure.com`, "cluster extensions (the GitOps extension): configuration and status"),
  https("*.ingestion.msftcloudes.com", "cluster extensions: the agents' metrics (Learn: Cluster extensions, required FQDN)"),
  https("*.microsoftmetrics.com", "cluster extensions: the agents' metrics (Learn: Cluster extensions, required FQDN)"),
];

const RUNNER_SOURCE =
  "https://docs.github.com/actions/hosting-your-own-runners/managing-self-hosted-runners/about-self-hosted-runners#communication-between-self-hosted-runners-and-github; https://learn.microsoft.com/azure/container-apps/use-azure-firewall";

/** What a deploy job reaches: GitHub, the tools it installs, Azure Resource Manager and Entra ID. */
const RUNNER_RULES: readonly EgressRule[] = [
  https("github.com", "runner registration, checkout"),
  https("api.github.com", "runner registration tokens, the scaler's queue length"),
  https("codeload.github.com", "action downloads"),
  https("*.actions.githubusercontent.com", "job messages, logs, the OIDC token"),
  https("results-receiver.actions.githubusercontent.com", "job results"),
  https("objects.githubusercontent.com", "action and tool downloads (setup-node, setup-terraform)"),
  https("ghcr.io", "the runner image"),
  https("pkg-containers.githubusercontent.com", "the runner image's layers"),
  https("productionresultssa*.blob.core.windows.net", "workflow artifacts (the synthesized output)"),
  https("registry.npmjs.org", "npm ci"),
  https("registry.terraform.io", "terraform init: provider index"),
  https("releases.hashicorp.com", "terraform init: providers"),
  https("management.azure.com", "Azure Resource Manager: every deploy"),
  https("login.microsoftonline.com", "Entra ID: the workflow's federated sign-in"),
  https("mcr.microsoft.com", "Container Apps system images"),
  https("*.data.mcr.microsoft.com", "Container Apps system images"),
];

/**
 * The egress an environment needs where it is filtered (regions with a hub firewall), for the hub owner to allow
 * before the first deploy. Public Azure only: the other clouds' names differ (see the sources).
 */
export function egressAllowList(env: Environment): EgressGroup[] {
  if (env.cloud !== "AzureCloud") return [];
  const groups: EgressGroup[] = [];
  for (const region of env.regions.filter((candidate) => candidate.hub)) {
    if (region.aks) {
      groups.push({
        consumer: `AKS cluster of ${env.name} (${region.location})`,
        from: `subnets aksSystem ${region.subnets.aksSystem}, aksGpu ${region.subnets.aksGpu}`,
        rules: [...AKS_REQUIRED, ...AKS_GPU, ...AKS_ADDONS(region.location)],
        source: AKS_SOURCE,
      });
    }
  }
  const primary = env.regions[0];
  if (primary.hub) {
    groups.push({
      consumer: `deploy runners of ${env.name} (${env.deployer.runners.kind})`,
      from: `deployer network ${env.deployer.network.subnets.runners}`,
      rules: RUNNER_RULES,
      source: RUNNER_SOURCE,
    });
  }
  return groups;
}
