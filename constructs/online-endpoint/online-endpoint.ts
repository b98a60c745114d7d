import { Construct } from "constructs";
import type { ProbeSettings } from "@azure/arm-machinelearning";
import { AzapiTrackedResource, AzapiUpdateResource } from "../azapi/resource";
import {
  AML_RESOURCE_TYPES,
  type OnlineDeploymentBody,
  type OnlineEndpointBody,
  type OnlineEndpointTrafficBody,
} from "../azapi/machine-learning";
import { ResourceInterfaces, type DiagnosticsProps, type ResourcePlacement } from "../shared";

/** The live instance count of a deployment: Azure Monitor autoscale, Azure ML's own scaler and on-call change it. */
export const LIVE_INSTANCE_COUNT_PATH = "body.sku.capacity";

export type DeploymentCompute = { readonly kind: "managed"; readonly instanceType: string } | { readonly kind: "kubernetes"; readonly instanceType: string };

export interface OnlineDeploymentProps {
  /** Colour or release name, e.g. blue / green. */
  readonly name: string;
  readonly compute: DeploymentCompute;
  /** ARM ID of the AML environment version (the model-server image by digest). */
  readonly environmentId: string;
  readonly instanceCount: { readonly min: number; readonly max: number; readonly default: number };
  /** Share of the endpoint's traffic; the deployments of one endpoint add up to 100. */
  readonly trafficPercent: number;
  /** At most 180000 ms, Azure ML's limit. */
  readonly requestTimeoutMs: number;
  readonly maxConcurrentRequestsPerInstance: number;
  /** Kubernetes only: Azure ML scales between min and max to hold this utilisation. @default 70 % polled every 1 s */
  readonly targetUtilization?: { readonly targetPercent: number; readonly pollingIntervalSeconds: number };
  readonly environmentVariables?: Readonly<Record<string, string>>;
}

/** `resourceGroupName` is the workspace's: the endpoint's diagnostic setting is named and placed after it. */
export interface OnlineEndpointProps extends ResourcePlacement {
  readonly workspaceId: string;
  readonly description?: string;
  /** User-assigned identity the deployments pull the image and read secrets with. */
  readonly identityId: string;
  /** ARM ID of the workspace's Kubernetes compute; required when the deployments run on Kubernetes. */
  readonly kubernetesComputeId?: string;
  readonly deployments: readonly OnlineDeploymentProps[];
  /** A large model loads for minutes before it answers; the defaults wait up to 10 minutes for readiness. */
  readonly probes?: { readonly liveness?: ProbeSettings; readonly readiness?: ProbeSettings };
  readonly diagnostics?: DiagnosticsProps;
  readonly tags?: Readonly<Record<string, string>>;
}

const DEFAULT_LIVENESS: ProbeSettings = { initialDelay: "PT600S", period: "PT10S", timeout: "PT2S", failureThreshold: 30, successThreshold: 1 };
const DEFAULT_READINESS: ProbeSettings = { initialDelay: "PT10S", period: "PT10S", timeout: "PT2S", failureThreshold: 60, successThreshold: 1 };

/**
 * A private Azure ML online endpoint (Entra ID tokens on managed compute, short-lived Azure ML tokens on
 * Kubernetes, never keys; no public network access) with its deployments and
 * the traffic split between them. Traffic is set after the deployments exist, as Azure ML requires.
 */
export class OnlineEndpoint extends Construct {
  readonly endpoint: AzapiTrackedResource<OnlineEndpointBody>;
  readonly deployments: Record<string, AzapiTrackedResource<OnlineDeploymentBody>> = {};
  readonly traffic: AzapiUpdateResource<OnlineEndpointTrafficBody>;
  /** Where clients send scoring requests (private: resolves inside the VNet or trusted network). */
  readonly scoringUri: string;

  constructor(scope: Construct, id: string, props: OnlineEndpointProps) {
    super(scope, id);
    const kinds = new Set(props.deployments.map((deployment) => deployment.compute.kind));
    if (kinds.size > 1) throw new Error(`${this.node.path}: deployments mix managed and Kubernetes compute. Fix: one endpoint serves from one kind of compute`);
    const onKubernetes = kinds.has("kubernetes");
    if (onKubernetes && !props.kubernetesComputeId) throw new Error(`${this.node.path}: Kubernetes deployments need kubernetesComputeId`);
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
          // Entra ID tokens are the strongest mode, but Azure ML accepts them on managed endpoints only; on
          // Kubernetes the best it offers is its own short-lived token, never a static key.
          authMode: onKubernetes ? "AMLToken" : "AADToken",
          publicNetworkAccess: "Disabled",
          description: props.description,
          compute: onKubernetes ? props.kubernetesComputeId : undefined,
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
        body: deploymentBody(deployment, props),
        // Azure ML rejects concurrent changes to deployments of one endpoint: roll them one after another.
        dependsOn: previous ? [previous] : undefined,
        lifecycle: { ignoreChanges: [LIVE_INSTANCE_COUNT_PATH] },
      });
      this.deployments[deployment.name] = created;
      previous = created;
    }

    this.traffic = new AzapiUpdateResource<OnlineEndpointTrafficBody>(this, "traffic", {
      type: AML_RESOURCE_TYPES.onlineEndpoint,
      resourceId: this.endpoint.id,
      body: { properties: { traffic: Object.fromEntries(props.deployments.map((deployment) => [deployment.name, deployment.trafficPercent])) } },
      dependsOn: Object.values(this.deployments),
    });

    new ResourceInterfaces(this, "interfaces", {
      resourceId: this.endpoint.id,
      placement: props,
      props: { diagnostics: props.diagnostics },
    });
  }
}

function isoSeconds(milliseconds: number): string {
  return `PT${milliseconds / 1000}S`;
}

function deploymentBody(deployment: OnlineDeploymentProps, props: OnlineEndpointProps): OnlineDeploymentBody {
  const common = {
    environmentId: deployment.environmentId,
    environmentVariables: deployment.environmentVariables ? { ...deployment.environmentVariables } : undefined,
    instanceType: deployment.compute.instanceType,
    appInsightsEnabled: true,
    livenessProbe: props.probes?.liveness ?? DEFAULT_LIVENESS,
    readinessProbe: props.probes?.readiness ?? DEFAULT_READINESS,
    requestSettings: {
      requestTimeout: isoSeconds(deployment.requestTimeoutMs),
      maxConcurrentRequestsPerInstance: deployment.maxConcurrentRequestsPerInstance,
    },
  };
  const sku = { name: "Default", capacity: deployment.instanceCount.default };
  if (deployment.compute.kind === "managed") {
    // Azure Monitor autoscale changes sku.capacity; Azure ML's own scaler must stay out of its way.
    // No internet egress from the model container: it reaches only the workspace's private endpoints.
    return { sku, properties: { ...common, endpointComputeType: "Managed", egressPublicNetworkAccess: "Disabled", scaleSettings: { scaleType: "Default" } } };
  }
  const target = deployment.targetUtilization ?? { targetPercent: 70, pollingIntervalSeconds: 1 };
  return {
    sku,
    properties: {
      ...common,
      endpointComputeType: "Kubernetes",
      scaleSettings: {
        scaleType: "TargetUtilization",
        minInstances: deployment.instanceCount.min,
        maxInstances: deployment.instanceCount.max,
        targetUtilizationPercentage: target.targetPercent,
        pollingInterval: `PT${target.pollingIntervalSeconds}S`,
      },
    },
  };
}
