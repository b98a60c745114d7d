import type { Construct } from "constructs";
import { Aspects, LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import type { Environment } from "../environments/schema/config";
import { RegionNames, stableGuid } from "../environments/schema/naming";
import { StateBootstrap } from "../constructs/state-bootstrap/state-bootstrap";
import { StorageAccount } from "../constructs/storage/storage-account";
import { KeyVault } from "../constructs/key-vault/key-vault";
import { DeployerIdentity, GITHUB_ACTIONS_ISSUER } from "../constructs/deployer/deployer-identity";
import { DeployerNetwork } from "../constructs/deployer/deployer-network";
import { ContainerAppsRunners } from "../constructs/deployer/container-apps-runners";
import { GitHubHostedNetwork } from "../constructs/deployer/github-hosted-network";
import { ScoringRoleDefinition } from "../constructs/api-gateway/scoring-access";
import { FeatureRegistration } from "../constructs/subscription/feature-registration";
import { privateLinkZoneNames } from "../constructs/private-dns/zone-names";
import { LEAST_PRIVILEGE_ROLES, ROLE_DEFINITION_IDS, SERVICE_REQUIRED_ROLE_IDS } from "../constructs/shared/roles";
import { hostsWorkspace } from "../environments/schema/serving";
import { suppressPolicy } from "../policies/cdktf/suppress";
import { configureAzapiProvider, configureProvider } from "./environment-stack";
import { requiredFeatures } from "./registrations";
import { requiredTags, TagAspect } from "./tagging";
import { runnerLabel, RUNNER_JOB_TIMEOUT_MINUTES } from "./deploy-contract";

/** The container of the deployment artefacts account that the clusters' GitOps extension reads (docs/adr/0003). */
export const GITOPS_CONTAINER = "gitops";
/** Released model weights, one folder per model version (`<name>/<version>/` with its SHA256SUMS). */
export const MODELS_CONTAINER = "models";

const STORAGE_SUFFIXES: Record<Exclude<Environment["cloud"], object>, string> = {
  AzureCloud: "core.windows.net",
  AzureUSGovernment: "core.usgovcloudapi.net",
  AzureChinaCloud: "core.chinacloudapi.cn",
};

/** The storage endpoint suffix of the environment's cloud; a custom cloud must name it. */
export function storageEndpointSuffix(env: Environment): string {
  if (typeof env.cloud === "string") return STORAGE_SUFFIXES[env.cloud];
  if (!env.cloud.storageEndpointSuffix) throw new Error(`${env.name}: the custom cloud has no storageEndpointSuffix, which the cluster's manifests and weights are read from. Fix: add cloud.storageEndpointSuffix, e.g. core.windows.net`);
  return env.cloud.storageEndpointSuffix;
}

/** The environment's scoring role: defined in the bootstrap, assigned by the gateway stacks. */
export function scoringRole(env: Pick<Environment, "name" | "naming" | "subscriptionId">): { readonly name: string; readonly guid: string; readonly resourceId: string } {
  const name = `Online endpoint scorer (${env.naming.prefix}-${env.name})`;
  const guid = stableGuid(env.subscriptionId, name);
  return { name, guid, resourceId: `/subscriptions/${env.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}` };
}

/** ARM IDs of what the bootstrap creates, for later stacks that attach to it (diagnostics, private endpoints). */
export function bootstrapResourceIds(env: Environment): {
  readonly stateAccount: string;
  readonly artifactsAccount: string;
  readonly artifactsAccountName: string;
  /** ARM IDs of the artifacts account's containers (scopes of role assignments). */
  readonly containers: { readonly gitops: string; readonly models: string };
  readonly deployerKeyVault?: string;
  readonly deployerNetwork: string;
  readonly deployerSecurityGroups: readonly string[];
} {
  const names = new RegionNames(env, env.regions[0].location);
  const backend = env.stateBackend;
  const group = `/subscriptions/${env.subscriptionId}/resourceGroups/${names.resourceGroup("deploy")}/providers`;
  const artifactsAccount = `${group}/Microsoft.Storage/storageAccounts/${names.storageAccount("dp")}`;
  const container = (name: string) => `${artifactsAccount}/blobServices/default/containers/${name}`;
  return {
    stateAccount: `/subscriptions/${backend.subscriptionId ?? env.subscriptionId}/resourceGroups/${backend.resourceGroupName}/providers/Microsoft.Storage/storageAccounts/${backend.storageAccountName}`,
    artifactsAccount,
    artifactsAccountName: names.storageAccount("dp"),
    containers: { gitops: container(GITOPS_CONTAINER), models: container(MODELS_CONTAINER) },
    deployerKeyVault: env.deployer.runners.kind === "self-hosted" ? `${group}/Microsoft.KeyVault/vaults/${names.deployerKeyVault()}` : undefined,
    deployerNetwork: `${group}/Microsoft.Network/virtualNetworks/${names.virtualNetwork("deploy")}`,
    deployerSecurityGroups: DEPLOYER_SECURITY_GROUPS.map((role) => `${group}/Microsoft.Network/networkSecurityGroups/${names.networkSecurityGroup(role)}`),
  };
}

const PREDATES_WORKSPACE = "Created before the Log Analytics workspace exists; its diagnostic settings are declared by ID in the primary region's network stack (NetworkStack.attachBootstrapDiagnostics).";

/** NSG name roles of the deployer network's subnets (runners, private endpoints). */
const DEPLOYER_SECURITY_GROUPS = ["runners", "deploy-private-endpoints"] as const;

export interface BootstrapStackProps {
  readonly env: Environment;
}

/**
 * `<env>-bootstrap`: everything the pipeline needs before it can deploy the rest, applied once (and on change) by an
 * operator from outside, with local state (docs/deploy.md): the state account, the deployer network with the private
 * endpoints of every data plane Terraform calls, the runners, the deployer identity federated to the repository, the
 * subscription's feature registrations and the custom role the gateways assign. Nothing here calls a data plane:
 * accounts and containers go through ARM (`data_plane_available = false`), so the operator needs no network path.
 */
export class BootstrapStack extends TerraformStack {
  readonly state: StateBootstrap;
  readonly deployerNetwork: DeployerNetwork<"blob" | "keyVault">;
  readonly deployer: DeployerIdentity;

  constructor(scope: Construct, props: BootstrapStackProps) {
    const id = `${props.env.name}-bootstrap`;
    super(scope, id);
    const { env } = props;
    const primary = env.regions[0];
    const names = new RegionNames(env, primary.location);
    new LocalBackend(this, { path: `${id}.tfstate` });
    configureProvider(this, env);
    configureAzapiProvider(this, env);
    Aspects.of(this).add(new TagAspect(requiredTags(env)));
    const lock = env.protection.resourceLocks ? {} : undefined;

    const group = new ResourceGroup(this, "deploy-resource-group", { name: names.resourceGroup("deploy"), location: primary.location });
    new TerraformOutput(this, "deploy_resource_group", { value: group.name });
    const placement = { location: primary.location, resourceGroupName: group.name };
    new FeatureRegistration(this, "features", { subscriptionId: env.subscriptionId, features: requiredFeatures(env) });

    this.deployerNetwork = this.defineNetwork(env, names, placement);
    for (const resource of [this.deployerNetwork.network.virtualNetwork, ...Object.values(this.deployerNetwork.network.securityGroups)]) {
      suppressPolicy(resource, { ruleId: "FHI-MON-010", reason: PREDATES_WORKSPACE });
    }
    // Blob endpoints in the deployer network: where `terraform init` reads state and the pipeline writes artefacts.
    const blobEndpoint = { subnetId: this.deployerNetwork.subnetIds.privateEndpoints, privateDnsZoneIds: { blob: this.deployerNetwork.zones.zoneIds.blob }, resourceGroupName: group.name };

    const backend = env.stateBackend;
    this.state = new StateBootstrap(this, "state", {
      location: primary.location,
      resourceGroupName: backend.resourceGroupName,
      storageAccountName: backend.storageAccountName,
      containerName: backend.containerName,
      privateEndpoint: blobEndpoint,
    });
    const artifacts = new StorageAccount<"blob">(this, "artifacts", {
      ...placement,
      name: names.storageAccount("dp"),
      replication: env.protection.zoneRedundant ? "ZRS" : "LRS",
      privateEndpointSubresources: ["blob"],
      privateEndpoint: blobEndpoint,
      lock,
    });
    const gitops = new StorageContainer(this, "gitops-container", { name: GITOPS_CONTAINER, storageAccountId: artifacts.account.id, containerAccessType: "private" });
    const models = new StorageContainer(this, "models-container", { name: MODELS_CONTAINER, storageAccountId: artifacts.account.id, containerAccessType: "private" });
    // Declared by ID in the primary region's network stack, which the policy check cannot link back to here.
    for (const account of [this.state.storage.account, artifacts.account]) suppressPolicy(account, { ruleId: "FHI-MON-010", reason: PREDATES_WORKSPACE });

    this.deployer = this.defineDeployer(env, names, placement, { state: this.state.container.id, gitops: gitops.id, models: models.id });
    this.defineRunners(env, names, placement, group.id);

    if (env.api) {
      const role = scoringRole(env);
      new ScoringRoleDefinition(this, "scoring-role", { roleName: role.name, roleDefinitionId: role.guid, scope: `/subscriptions/${env.subscriptionId}` });
    }
  }

  private defineNetwork(env: Environment, names: RegionNames, placement: { location: string; resourceGroupName: string }): DeployerNetwork<"blob" | "keyVault"> {
    const primary = env.regions[0];
    const { network, runners } = env.deployer;
    const zones = privateLinkZoneNames(typeof env.cloud === "string" ? env.cloud : "AzureCloud", primary.location);
    const hubZones = primary.hub?.privateDnsZoneIds ?? {};
    return new DeployerNetwork(this, "deployer-network", {
      ...placement,
      name: names.virtualNetwork("deploy"),
      addressSpace: network.addressSpace,
      subnets: {
        runners: { name: names.subnet("runners"), addressPrefix: network.subnets.runners, securityGroupName: names.networkSecurityGroup(DEPLOYER_SECURITY_GROUPS[0]) },
        privateEndpoints: { name: names.subnet("privateEndpoints"), addressPrefix: network.subnets.privateEndpoints, securityGroupName: names.networkSecurityGroup(DEPLOYER_SECURITY_GROUPS[1]) },
      },
      runnersDelegation:
        runners.kind === "self-hosted"
          ? { name: "container-apps", serviceDelegation: { name: "Microsoft.App/environments", actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"] } }
          : { name: "github-hosted-runners", serviceDelegation: { name: "GitHub.Network/networkSettings", actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"] } },
      hub: primary.hub ? { vnetId: primary.hub.vnetId, firewallPrivateIp: primary.hub.firewallPrivateIp, routeTableName: names.routeTable("deploy-egress") } : undefined,
      natGatewayName: names.natGateway("deploy"),
      zoneNames: { blob: zones.blob, keyVault: zones.keyVault },
      existingZoneIds: { blob: hubZones.blob, keyVault: hubZones.keyVault },
    });
  }

  private defineDeployer(env: Environment, names: RegionNames, placement: { location: string; resourceGroupName: string }, containers: { state: string; gitops: string; models: string }): DeployerIdentity {
    const deployer = new DeployerIdentity(this, "deployer", {
      ...placement,
      name: names.managedIdentity("deployer"),
      subscriptionScope: `/subscriptions/${env.subscriptionId}`,
      // Only the deploy workflow's job in the GitHub environment of this name, whose protection rules (required
      // reviewers for pilot and prod) GitHub enforces before it issues the token.
      federation: { [`github-${env.name}`]: { issuer: GITHUB_ACTIONS_ISSUER, subject: `repo:${env.deployer.repository}:environment:${env.name}` } },
      assignableRoleIds: [...LEAST_PRIVILEGE_ROLES.map((role) => ROLE_DEFINITION_IDS[role]), ...(env.api ? [scoringRole(env).guid] : [])],
      // Azure ML's user-assigned workspace identity needs these on the workspace's resources (stacks/platform-stack.ts):
      // to managed identities only, never to a person or group.
      servicePrincipalOnlyRoleIds: env.regions.some(hostsWorkspace) ? Object.values(SERVICE_REQUIRED_ROLE_IDS) : [],
      dataAccess: {
        state: { scope: containers.state, role: "Storage Blob Data Contributor" },
        gitops: { scope: containers.gitops, role: "Storage Blob Data Contributor" },
        // The release process stages weights here (docs/adr/0004-release-path.md).
        models: { scope: containers.models, role: "Storage Blob Data Contributor" },
      },
    });
    // What the GitHub environment's variables (AZURE_CLIENT_ID) and the hub owner's grant need (docs/deploy.md).
    new TerraformOutput(this, "deployer_client_id", { value: deployer.identity.clientId, description: "The GitHub environment's AZURE_CLIENT_ID variable." });
    new TerraformOutput(this, "deployer_principal_id", { value: deployer.identity.principalId, description: "The identity the hub owner lets peer with the hub (pilot)." });
    const { contributor, roleAssignmentAdministrator } = deployer.subscriptionAssignments;
    suppressPolicy(contributor, { ruleId: "FHI-IAM-001", reason: "The deploy pipeline's identity creates the environment; federated to one repository's protected GitHub environment only, no secret exists (docs/adr/0002-deployment-network.md)." });
    suppressPolicy(roleAssignmentAdministrator, { ruleId: "FHI-IAM-001", reason: "Constrained by an ABAC condition to the reviewed least-privilege roles, never for itself (constructs/deployer/deployer-identity.ts)." });
    return deployer;
  }

  private defineRunners(env: Environment, names: RegionNames, placement: { location: string; resourceGroupName: string }, resourceGroupId: string): void {
    const runners = env.deployer.runners;
    if (runners.kind === "github-hosted") {
      const network = new GitHubHostedNetwork(this, "github-hosted-network", { ...placement, name: names.runners(), resourceGroupId, subnetId: this.deployerNetwork.subnetIds.runners, businessId: runners.githubBusinessId });
      new TerraformOutput(this, "github_network_id", { value: network.gitHubId, description: "Paste into GitHub's Azure private network configuration (docs/deploy.md)." });
      return;
    }
    const vault = new KeyVault(this, "deployer-key-vault", {
      ...placement,
      name: names.deployerKeyVault(),
      tenantId: env.tenantId,
      // Holds one secret and no keys.
      sku: "standard",
      privateEndpoint: { subnetId: this.deployerNetwork.subnetIds.privateEndpoints, privateDnsZoneIds: { vault: this.deployerNetwork.zones.zoneIds.keyVault } },
      lock: env.protection.resourceLocks ? {} : undefined,
    });
    suppressPolicy(vault.vault, { ruleId: "FHI-MON-010", reason: PREDATES_WORKSPACE });
    new TerraformOutput(this, "runner_token_vault", { value: vault.vault.name, description: "Where the runners' GitHub token goes (docs/deploy.md, step 2)." });
    new ContainerAppsRunners(this, "runners", {
      ...placement,
      name: names.runners(),
      subnetId: this.deployerNetwork.subnetIds.runners,
      image: runners.image,
      repository: env.deployer.repository,
      label: runnerLabel(env),
      token: { keyVaultId: vault.vault.id, secretUrl: `${vault.vault.vaultUri}secrets/${runners.tokenSecretName}` },
      maxConcurrentJobs: runners.maxConcurrentJobs,
      jobTimeoutMinutes: RUNNER_JOB_TIMEOUT_MINUTES,
    });
  }
}
