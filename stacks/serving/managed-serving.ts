/**
 * Azure ML managed online endpoints (docs/adr/0003-gpu-serving.md): a workspace with a managed network that reaches
 * the model store through an approved private endpoint, the model as a model asset, the model-server image as
 * environment versions, and the endpoints whose deployments mount the asset and start the server with the settings
 * derived from the model description.
 */
import { Construct } from "constructs";
import type { DeploymentConfig } from "../../environments/schema/config";
import { managedEndpoints } from "../../environments/schema/serving";
import { mirrorPercent, releaseOf } from "../../environments/schema/releases";
import type { ImageReference } from "../../environments/schema/release";
import { MlWorkspace } from "../../constructs/ml-workspace/ml-workspace";
import { ModelAsset } from "../../constructs/online-endpoint/model-asset";
import { ModelServerEnvironment } from "../../constructs/online-endpoint/model-environment";
import { OnlineEndpoint } from "../../constructs/online-endpoint/online-endpoint";
import { DeploymentAutoscale } from "../../constructs/autoscale/deployment-autoscale";
import { ResourceInterfaces } from "../../constructs/shared/resource-interfaces";
import { PropagationWait, ROLE_PROPAGATION } from "../../constructs/time/sleep";
import { modelServerEnvironment } from "../../constructs/model-server/settings";
import { bootstrapResourceIds, MODELS_CONTAINER, storageEndpointSuffix } from "../bootstrap-stack";
import { AML_WORKSPACE_IDENTITY_ROLES_DOC } from "../platform-stack";
import { grantServiceRequiredRole } from "../service-roles";
import { deploymentSku, serverSettings, startupSeconds } from "./model-settings";
import type { RegionServingProps } from "./region-serving";

/** Where Azure ML mounts the model asset in the container; serve.sh finds the weights' SHA256SUMS below it. */
export const MODEL_MOUNT_PATH = "/models";
/** The identity-based datastore over the environment's model store. */
export const MODEL_STORE_DATASTORE = "modelstore";
const APPROVER_DOC = "Microsoft Learn, how-to-managed-network, 'Approval of private endpoints' (a user-assigned workspace identity needs Azure AI Enterprise Network Connection Approver on targets)";

export class ManagedServing extends Construct {
  readonly workspace: MlWorkspace;
  readonly model: ModelAsset;
  readonly endpoints: Readonly<Record<string, OnlineEndpoint>>;

  constructor(scope: Construct, id: string, props: RegionServingProps) {
    super(scope, id);
    const { env, region, names, placement, network, platform } = props;
    const identities = platform.identities;
    const workspaceIdentity = identities.amlWorkspace;
    if (!workspaceIdentity || !platform.storageAccountId) throw new Error(`${env.name}/${region.location}: managed endpoints need the platform's workspace identity and storage (platform stack)`);
    const store = bootstrapResourceIds(env);
    const diagnostics = { workspaceId: network.logAnalytics.id };

    // The model store is not one of the workspace's own resources: its private endpoint is a rule the workspace
    // identity must be allowed to approve.
    const approver = grantServiceRequiredRole(this, "model-store-approver", { scope: store.artifactsAccount, principalId: workspaceIdentity.principalId, role: "Azure AI Enterprise Network Connection Approver", documentedBy: APPROVER_DOC });
    this.workspace = new MlWorkspace(this, "ml-workspace", {
      ...placement,
      name: names.mlWorkspace(),
      applicationInsightsId: network.applicationInsightsId,
      keyVaultId: platform.keyVaultId,
      containerRegistryId: platform.containerRegistryId,
      storageAccountId: platform.storageAccountId,
      identityId: workspaceIdentity.id,
      customerManagedKey: { keyVaultId: platform.keyVaultId, keyId: platform.encryptionKeys.aml.id, identityId: identities.cmkAccess.id },
      highBusinessImpact: env.protection.highBusinessImpact,
      privateEndpoint: { subnetId: network.subnetIds.privateEndpoints, privateDnsZoneIds: { amlworkspace: [network.privateDnsZoneIds.amlApi, network.privateDnsZoneIds.amlNotebooks] } },
      outboundRules: { privateEndpoint: { "model-store": { resourceId: store.artifactsAccount, subresource: "blob" } } },
      outboundRulesNeed: [new PropagationWait(this, "approver-propagated", { after: [approver.assignment], duration: ROLE_PROPAGATION })],
      diagnostics,
      lock: env.protection.resourceLocks ? {} : undefined,
      // The endpoints' identity writes the deployments' metrics; Azure ML grants a user-assigned identity nothing itself.
      roleAssignments: { "model-server-metrics": { principalId: identities.modelServer.principalId, roleDefinitionName: "AzureML Metrics Writer (preview)" } },
    });
    const workspaceId = this.workspace.workspace.id;
    for (const [grant, scope] of [["workspace", workspaceId], ["application-insights", network.applicationInsightsId]] as const) {
      grantServiceRequiredRole(this, `aml-workspace-${grant}`, { scope, principalId: workspaceIdentity.principalId, role: "Contributor", documentedBy: AML_WORKSPACE_IDENTITY_ROLES_DOC });
    }

    // A user-assigned endpoint identity gets no role from Azure ML (Learn: concept-endpoints-online-auth): it pulls
    // the image and reads the model's files with these.
    const endpointAccess = new ResourceInterfaces(this, "model-server-access", {
      resourceId: store.containers.models,
      placement: { ...placement, name: "model-server-access" },
      props: { roleAssignments: { "model-server-weights": { principalId: identities.modelServer.principalId, roleDefinitionName: "Storage Blob Data Reader", description: "Reads the released model weights" } } },
    });
    const imageAccess = new ResourceInterfaces(this, "model-server-pull", {
      resourceId: platform.containerRegistryId,
      placement: { ...placement, name: "model-server-pull" },
      props: { roleAssignments: { "model-server-pull": { principalId: identities.modelServer.principalId, roleDefinitionName: "AcrPull" } } },
    });
    const access = new PropagationWait(this, "model-server-access-propagated", { after: [...Object.values(endpointAccess.roleAssignments), ...Object.values(imageAccess.roleAssignments)], duration: ROLE_PROPAGATION });

    const endpointConfigs = managedEndpoints(region);
    const deployments = endpointConfigs.flatMap((endpoint) => endpoint.deployments);
    const models = uniqueBy(deployments.map((deployment) => releaseOf(env, deployment).model), (model) => model.version);
    this.model = new ModelAsset(this, "model", {
      workspaceId,
      store: { datastoreName: MODEL_STORE_DATASTORE, accountName: store.artifactsAccountName, containerName: MODELS_CONTAINER, endpointSuffix: storageEndpointSuffix(env) },
      // Validation keeps one model name per environment; each release in use brings its version.
      name: models[0].name,
      versions: models.map((model) => ({ version: model.version, weightsSha256: model.weights.sha256, description: `${model.parametersBillions}B parameters, ${model.precision}, ${model.maxModelLength} tokens` })),
    });

    const imageOf = (deployment: DeploymentConfig): ImageReference => releaseOf(env, deployment).image;
    const environments = new Map<string, ModelServerEnvironment>();
    // One environment per repository; it makes one version per digest, however many deployments share it.
    for (const [repository, images] of groupBy(deployments.map(imageOf), (image) => image.repository)) {
      environments.set(
        repository,
        new ModelServerEnvironment(this, repository.replace(/\//g, "-"), {
          workspaceId,
          name: repository.replace(/\//g, "-"),
          registryLoginServer: platform.containerRegistryLoginServer,
          repository,
          digests: images.map((image) => image.digest),
          port: env.modelServer.port,
          routes: env.modelServer.routes,
        }),
      );
    }
    const environmentIdOf = (deployment: DeploymentConfig) => environments.get(imageOf(deployment).repository)!.versionId(imageOf(deployment).digest);

    const endpoints: Record<string, OnlineEndpoint> = {};
    for (const config of endpointConfigs) {
      const endpoint = new OnlineEndpoint(this, `endpoint-${config.name}`, {
        ...placement,
        name: config.name,
        workspaceId,
        description: config.description || undefined,
        identityId: identities.modelServer.id,
        deployments: config.deployments.map((deployment) => ({
          ...deployment,
          instanceType: deploymentSku(region, deployment).vmSize,
          environmentId: environmentIdOf(deployment),
          modelId: this.model.versionId(releaseOf(env, deployment).model.version),
          modelMountPath: MODEL_MOUNT_PATH,
          environmentVariables: modelServerEnvironment({ ...serverSettings(env, deploymentSku(region, deployment), deployment), modelDir: MODEL_MOUNT_PATH }),
          startupSeconds: startupSeconds(env, deployment),
        })),
        mirror: config.rollout && { deployment: config.rollout.next, percent: mirrorPercent(config) },
        diagnostics,
        // Deployments pull the image and the model only once the network, the asset and the grants exist.
        deploymentsNeed: [this.workspace.networkReady, ...Object.values(this.model.versions), access],
      });
      endpoints[config.name] = endpoint;
      for (const deployment of config.deployments) {
        if (deployment.autoscaleRules.length === 0) continue;
        new DeploymentAutoscale(this, `autoscale-${config.name}-${deployment.name}`, {
          ...placement,
          name: `autoscale-${config.name}-${deployment.name}`,
          deploymentId: endpoint.deployments[deployment.name].id,
          capacity: { minimum: deployment.instanceCount.min, default: deployment.instanceCount.default, maximum: deployment.instanceCount.max },
          rules: deployment.autoscaleRules,
        });
      }
    }
    this.endpoints = endpoints;
  }
}

/** The first of each group of items with the same key, in order. */
function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const first = new Map<string, T>();
  for (const item of items) if (!first.has(key(item))) first.set(key(item), item);
  return [...first.values()];
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
