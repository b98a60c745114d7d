import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { AzapiTrackedResource, AzapiUpdateResource } from "../azapi/resource";
import {
  AML_ENDPOINT_TRAFFIC_TYPE,
  AML_RESOURCE_TYPES,
  type OnlineDeploymentBody,
  type OnlineEndpointBody,
  type OnlineEndpointTrafficBody,
} from "../azapi/machine-learning";
import { ResourceInterfaces, type DiagnosticsProps, type ResourcePlacement } from "../shared";

/** The live instance count of a deployment: Azure Monitor autoscale, Azure ML's own scaler and on-call change it. */
export const LIVE_INSTANCE_COUNT_PATH = "body.sku.capacity";

export interface OnlineDeploymentProps {
  /** Colour or release name, e.g. blue / green. */
  readonly name: string;
  /** A managed online endpoint VM size (Learn: reference-managed-online-endpoints-vm-sku-list). */
  readonly instanceType: string;
  /** ARM ID of the AML environment version (the model-server image by digest). */
  readonly environmentId: string;
  /** ARM ID of the model version whose files Azure ML downloads and mounts into the container. */
  readonly modelId: string;
  /** Where the model is mounted in the container; the server finds its weights below it. */
  readonly modelMountPath: string;
  readonly instanceCount: { readonly min: number; readonly max: number; readonly default: number };
  /** Share of the endpoint's traffic; the deployments of one endpoint add up to 100. */
  readonly trafficPercent: number;
  /** At most 180000 ms, Azure ML's limit. */
  readonly requestTimeoutMs: number;
  readonly maxConcurrentRequestsPerInstance: number;
  /** The model server's settings (constructs/model-server/settings.ts). */
  readonly environmentVariables: Readonly<Record<string, string>>;
  /** How long the server may take to verify and load the weights before liveness checks count. */
  readonly startupSeconds: number;
}

/** `resourceGroupName` is the workspace's: the endpoint's diagnostic setting is named and placed after it. */
export interface OnlineEndpointProps extends ResourcePlacement {
  readonly workspaceId: string;
  readonly description?: string;
  /** User-assigned identity the deployments pull the image and read secrets with. */
  readonly identityId: string;
  readonly deployments: readonly OnlineDeploymentProps[];
  /**
   * A copy of `percent` % of the endpoint's requests goes to `deployment`, whose answers Azure ML discards (shadow
   * traffic; at most 50 %, to one deployment that takes no live traffic: Learn, how-to-safely-rollout-online-endpoints).
   * @default no mirroring
   */
  readonly mirror?: { readonly deployment: string; readonly percent: number };
  /** What the deployments need in place first: the provisioned managed network, the model asset, their identity's grants. */
  readonly deploymentsNeed?: readonly ITerraformDependable[];
  readonly diagnostics?: DiagnosticsProps;
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A private Azure ML managed online endpoint (Entra ID tokens only, never keys; no public network access) with its
 * deployments, each running the model-server image with the model asset mounted, and the traffic split between
 * them. Traffic is set after the deployments exist, as Azure ML requires.
 */
export class OnlineEndpoint extends Construct {
  readonly endpoint: AzapiTrackedResource<OnlineEndpointBody>;
  readonly deployments: Record<string, AzapiTrackedResource<OnlineDeploymentBody>> = {};
  readonly traffic: AzapiUpdateResource<OnlineEndpointTrafficBody>;
  /** Where clients send scoring requests (private: resolves inside the VNet or trusted network). */
  readonly scoringUri: string;

  constructor(scope: Construct, id: string, props: OnlineEndpointProps) {
    super(scope, id);
    const identity = { type: "UserAssigned" as const, identityIds: [props.identityId] };
    const tags = props.tags ? { ...props.tags } : undefined;

    this.endpoint = new AzapiTrackedResource<OnlineEndpointBody>(this, "endpoint", {
      type: AML_RESOURCE_TYPES.onlineEndpoint,
      name: props.name,
      parentId: props.workspaceId,
      location: props.location,
      identity,
      tags,
      body: {
        properties: {
          authMode: "AADToken",
          publicNetworkAccess: "Disabled",
          description: props.description,
        },
      },
      responseExportValues: ["properties.scoringUri"],
      // The split is owned by the traffic update below, which runs once the deployments exist.
      lifecycle: { ignoreChanges: ["body.properties.traffic"] },
    });

    this.scoringUri = this.endpoint.outputString("properties.scoringUri");

    let previous: AzapiTrackedResource<OnlineDeploymentBody> | undefined;
    for (const deployment of props.deployments) {
      const created: AzapiTrackedResource<OnlineDeploymentBody> = new AzapiTrackedResource<OnlineDeploymentBody>(this, `deployment-${deployment.name}`, {
        type: AML_RESOURCE_TYPES.onlineDeployment,
        name: deployment.name,
        parentId: this.endpoint.id,
        location: props.location,
        tags,
        body: deploymentBody(deployment),
        // Azure ML rejects concurrent changes to deployments of one endpoint: roll them one after another.
        dependsOn: previous ? [previous] : props.deploymentsNeed ? [...props.deploymentsNeed] : undefined,
        lifecycle: { ignoreChanges: [LIVE_INSTANCE_COUNT_PATH] },
      });
      this.deployments[deployment.name] = created;
      previous = created;
    }

    this.traffic = new AzapiUpdateResource<OnlineEndpointTrafficBody>(this, "traffic", {
      type: AML_ENDPOINT_TRAFFIC_TYPE,
      resourceId: this.endpoint.id,
      body: { properties: trafficOf(props) },
      dependsOn: Object.values(this.deployments),
      // A write of the endpoint at the resource's older API version drops mirrorTraffic (Learn: "If you update the
      // endpoint using an older version of CLI/SDK or Studio UI, the setting for mirrored traffic will be removed"),
      // so any change to the endpoint sets the traffic again in the same apply.
      // Written as the bare address: cdktf 0.21 renders a resource given here as "${type.name}", which Terraform's
      // JSON syntax refuses in replace_triggered_by (checked with terraform 1.11 validate).
      lifecycle: { replaceTriggeredBy: [`${this.endpoint.terraformResourceType}.${this.endpoint.friendlyUniqueId}`] },
    });

    new ResourceInterfaces(this, "interfaces", {
      resourceId: this.endpoint.id,
      placement: props,
      props: { diagnostics: props.diagnostics },
    });
  }
}

/**
 * Live and mirrored shares by deployment. Every deployment is named in both maps: azapi merges the body into what
 * the endpoint holds, so a deployment left out would keep its old share (a mirror after a rollback).
 */
function trafficOf(props: OnlineEndpointProps): OnlineEndpointTrafficBody["properties"] {
  const mirror = props.mirror;
  if (mirror) {
    const target = props.deployments.find((deployment) => deployment.name === mirror.deployment);
    if (!target) throw new Error(`online endpoint ${props.name}: mirror names no deployment "${mirror.deployment}". Fix: mirror one of ${props.deployments.map((deployment) => deployment.name).join(", ")}`);
    if (target.trafficPercent > 0 && mirror.percent > 0) throw new Error(`online endpoint ${props.name}: ${mirror.deployment} takes live traffic and cannot also be mirrored to (Learn: "A deployment can only be set to live or mirror traffic, not both")`);
    if (mirror.percent > 50) throw new Error(`online endpoint ${props.name}: Azure ML mirrors at most 50 % of traffic, not ${mirror.percent}`);
  }
  return {
    traffic: Object.fromEntries(props.deployments.map((deployment) => [deployment.name, deployment.trafficPercent])),
    mirrorTraffic: Object.fromEntries(props.deployments.map((deployment) => [deployment.name, deployment.name === mirror?.deployment ? mirror.percent : 0])),
  };
}

function isoSeconds(milliseconds: number): string {
  return `PT${milliseconds / 1000}S`;
}

function deploymentBody(deployment: OnlineDeploymentProps): OnlineDeploymentBody {
  return {
    // Azure Monitor autoscale changes sku.capacity; Azure ML's own scaler must stay out of its way.
    sku: { name: "Default", capacity: deployment.instanceCount.default },
    properties: {
      endpointComputeType: "Managed",
      environmentId: deployment.environmentId,
      model: deployment.modelId,
      modelMountPath: deployment.modelMountPath,
      environmentVariables: { ...deployment.environmentVariables },
      instanceType: deployment.instanceType,
      // Application Insights integration is the legacy path for curated environments; a custom container's logs
      // and the endpoint's traffic reach Log Analytics through the endpoint's diagnostic setting instead
      // (Learn: how-to-monitor-online-endpoints), which needs no route from the managed network.
      appInsightsEnabled: false,
      // No egressPublicNetworkAccess: with a managed virtual network it "no longer applies. Avoid setting this
      // flag" (Learn: concept-secure-online-endpoint); the workspace's outbound rules decide what is reachable.
      livenessProbe: { initialDelay: isoSeconds(deployment.startupSeconds * 1000), period: "PT10S", timeout: "PT2S", failureThreshold: 6, successThreshold: 1 },
      readinessProbe: { initialDelay: "PT10S", period: "PT10S", timeout: "PT2S", failureThreshold: Math.ceil(deployment.startupSeconds / 10), successThreshold: 1 },
      requestSettings: {
        requestTimeout: isoSeconds(deployment.requestTimeoutMs),
        maxConcurrentRequestsPerInstance: deployment.maxConcurrentRequestsPerInstance,
      },
      scaleSettings: { scaleType: "Default" },
    },
  };
}
