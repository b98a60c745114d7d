import type { Construct } from "constructs";
import { Fn, TerraformVariable } from "cdktf";
import { DataAzurermApplicationInsights } from "@cdktf/provider-azurerm/lib/data-azurerm-application-insights";
import type { ApiConfig } from "../environments/schema/api";
import { requestBodyLimitBytes } from "../environments/schema/model-fit";
import { requestBoundingModel, servedModelName } from "../environments/schema/releases";
import { managedEndpoints } from "../environments/schema/serving";
import type { Environment } from "../environments/schema/config";
import { AZURE_ML_SCORING_PATH, ModelGateway } from "../constructs/api-gateway/model-gateway";
import { ScoringAccess } from "../constructs/api-gateway/scoring-access";
import { CREATION_PHASE_VARIABLE } from "./deploy-contract";
import { scoringRole } from "./bootstrap-stack";
import { configureAzapiProvider } from "./environment-stack";
import { RegionStack, type RegionStackProps } from "./region-stacks";
import type { NetworkStack } from "./network-stack";
import type { PlatformStack } from "./platform-stack";

/** A private online endpoint of the region, as the inference stack publishes it. */
export interface ModelEndpointReference {
  readonly name: string;
  readonly resourceId: string;
  /** Azure ML's scoring URI, `https://<endpoint>.<region>.inference.ml.azure.com/score`. */
  readonly scoringUri: string;
}

export interface GatewayStackProps extends RegionStackProps {
  readonly api: ApiConfig;
  readonly network: NetworkStack;
  readonly platform: PlatformStack;
  readonly modelEndpoints: readonly ModelEndpointReference[];
}

/** Entra ID authority per cloud; a custom cloud names its own. */
const AUTHORITY_HOSTS: Record<Exclude<Environment["cloud"], object>, string> = {
  AzureCloud: "https://login.microsoftonline.com",
  AzureUSGovernment: "https://login.microsoftonline.us",
  AzureChinaCloud: "https://login.chinacloudapi.cn",
};

export function authorityHost(cloud: Environment["cloud"]): string {
  return typeof cloud === "string" ? AUTHORITY_HOSTS[cloud] : cloud.authorityHost;
}

/**
 * The base URL the gateway calls an online endpoint on; the scoring path is added by the policy. In the public
 * cloud it is written out from the documented form of the scoring URI, `https://<endpoint>.<region>.inference.ml.azure.com/score`
 * (Learn: concept-endpoints), so that review and the policy pack see an https URL; elsewhere it is taken from the
 * endpoint's own scoring URI.
 */
export function endpointBaseUrl(env: Environment, location: string, endpoint: ModelEndpointReference): string {
  return env.cloud === "AzureCloud" ? `https://${endpoint.name}.${location}.inference.ml.azure.com` : Fn.replace(endpoint.scoringUri, AZURE_ML_SCORING_PATH, "");
}

/**
 * The model's gateway in one region: API Management between Front Door and the region's private online endpoints.
 * Its own stack, so that gateway and edge changes never touch the GPU estate.
 */
export class GatewayStack extends RegionStack {
  readonly gateway: ModelGateway;
  /** For Front Door's Private Link origin. */
  readonly apiManagementId: string;
  /** The gateway's own host name, which Front Door sends as Host and checks the certificate of. */
  readonly gatewayHostName: string;

  constructor(scope: Construct, props: GatewayStackProps) {
    super(scope, props, "gateway");
    const { env, region, api, network, platform } = props;
    const subnetId = network.subnetIds.apiGateway;
    const identity = platform.identities.apiGateway;
    if (subnetId === undefined || identity === undefined) {
      throw new Error(`${env.name}/${region.location}: the gateway needs subnets.apiGateway (and with it the platform's apiGateway identity). Fix: add subnets.apiGateway to the region`);
    }
    configureAzapiProvider(this, env);
    // True only in the pipeline's targeted first apply of a new instance (stacks/deploy-contract.ts).
    const creationPhase = new TerraformVariable(this, CREATION_PHASE_VARIABLE, {
      type: "bool",
      default: false,
      nullable: false,
      description: "Create API Management with public network access on (Azure refuses it off at creation); the deploy pipeline sets it only for the instance's first, targeted apply.",
    });
    // The network stack publishes the Application Insights ID only; the logger needs the connection string to know
    // where to send (it authenticates with the identity: local auth is off).
    const applicationInsights = new DataAzurermApplicationInsights(this, "application-insights", {
      name: this.names.applicationInsights(),
      resourceGroupName: this.names.resourceGroup("network"),
    });
    const deployments = region.endpoints.flatMap((endpoint) => endpoint.deployments);
    // What the region's serving models can take bounds what the gateway lets through.
    const model = requestBoundingModel(env, managedEndpoints(region));
    const longestRequestMs = Math.max(...deployments.map((deployment) => deployment.requestTimeoutMs));

    this.gateway = new ModelGateway(this, "gateway", {
      name: this.names.apiManagement(),
      location: region.location,
      resourceGroupName: this.resourceGroup.name,
      skuName: api.gateway.sku,
      publisherName: api.gateway.publisherName,
      publisherEmail: api.gateway.publisherEmail,
      subnetId,
      identity: { id: identity.id, clientId: identity.clientId, principalId: identity.principalId },
      publicNetworkAccessEnabled: creationPhase.booleanValue,
      applicationInsights: { id: network.applicationInsightsId, connectionString: applicationInsights.connectionString },
      backends: props.modelEndpoints.map((endpoint) => ({
        name: endpoint.name,
        url: endpointBaseUrl(env, region.location, endpoint),
        description: `Azure ML online endpoint ${endpoint.name} (${region.location})`,
      })),
      backendTimeoutSeconds: Math.ceil(longestRequestMs / 1000),
      servedModel: servedModelName(env),
      maxCompletionTokens: model.maxModelLength,
      jwt: { tenantId: api.entraId.tenantId ?? env.tenantId, audiences: [api.entraId.audience], authorityHost: authorityHost(env.cloud) },
      products: api.products,
      limits: { maxRequestBytes: requestBodyLimitBytes(model, api.limits.maxRequestBodyKb), maxResponseBytes: api.limits.maxResponseBodyKb * 1024 },
      diagnostics: { workspaceId: network.logAnalytics.id },
      lock: env.protection.resourceLocks ? {} : undefined,
    });
    new ScoringAccess(this, "scoring-access", {
      roleDefinitionId: scoringRole(env).resourceId,
      principalId: identity.principalId,
      endpointIds: Object.fromEntries(props.modelEndpoints.map((endpoint) => [endpoint.name, endpoint.resourceId])),
    });
    this.apiManagementId = this.gateway.apiManagement.id;
    this.gatewayHostName = Fn.replace(this.gateway.apiManagement.gatewayUrl, "https://", "");
  }
}
