import { Construct } from "constructs";
import type { IResolvable } from "cdktf";
import { ApiManagement } from "@cdktf/provider-azurerm/lib/api-management";
import { ApiManagementApi } from "@cdktf/provider-azurerm/lib/api-management-api";
import { ApiManagementApiOperation } from "@cdktf/provider-azurerm/lib/api-management-api-operation";
import { ApiManagementApiOperationPolicy } from "@cdktf/provider-azurerm/lib/api-management-api-operation-policy";
import { ApiManagementApiPolicy } from "@cdktf/provider-azurerm/lib/api-management-api-policy";
import { ApiManagementBackend } from "@cdktf/provider-azurerm/lib/api-management-backend";
import { ApiManagementDiagnostic } from "@cdktf/provider-azurerm/lib/api-management-diagnostic";
import { ApiManagementProduct } from "@cdktf/provider-azurerm/lib/api-management-product";
import { ApiManagementProductApi } from "@cdktf/provider-azurerm/lib/api-management-product-api";
import { ApiManagementProductPolicy } from "@cdktf/provider-azurerm/lib/api-management-product-policy";
import { ApiManagementSubscription } from "@cdktf/provider-azurerm/lib/api-management-subscription";
import { AzapiResource } from "../azapi/resource";
import { APIM_RESOURCE_TYPES, type ApplicationInsightsLoggerBody, type ApplicationInsightsLoggerSensitiveBody } from "../azapi/api-management";
import { ResourceInterfaces } from "../shared/resource-interfaces";
import { PropagationWait, ROLE_PROPAGATION } from "../time/sleep";
import type { DiagnosticsProps, ResourceInterfaceProps, ResourcePlacement } from "../shared/interfaces";
import { modelListPolicy, productPolicy, type ModelBackendTarget } from "./model-policies";
import { renderPolicy, type PolicyDocument, type ValidateJwtOptions } from "./policy-xml";

/** One private online endpoint the gateway calls. */
export interface ModelBackendProps {
  /** Short name, unique in the region; the backend ID is `be-<name>`. */
  readonly name: string;
  /** Base URL of the model server's routes, e.g. `https://<endpoint>.<region>.inference.ml.azure.com`. */
  readonly url: string;
  readonly description?: string;
}

export interface GatewayProductProps {
  readonly name: string;
  readonly displayName: string;
  readonly tokensPerMinute: number;
  readonly monthlyTokenQuota: number;
  /** Default: true. */
  readonly approvalRequired?: boolean;
  readonly subscriptions?: readonly { readonly name: string; readonly displayName: string }[];
}

export interface ModelGatewayProps extends ResourcePlacement, Omit<ResourceInterfaceProps<never>, "privateEndpoint" | "diagnostics"> {
  /** A v2 tier: it takes Front Door's Private Link inbound and integrates with the VNet outbound. Default: StandardV2_1. */
  readonly skuName?: string;
  readonly publisherName: string;
  readonly publisherEmail: string;
  /** Subnet for outbound VNet integration (delegated to Microsoft.Web/serverFarms), through which the private endpoints are reached. */
  readonly subnetId: string;
  /** The user-assigned identity the gateway calls the model and sends telemetry with. */
  readonly identity: { readonly id: string; readonly clientId: string; readonly principalId: string };
  /**
   * Public network access. Azure refuses `false` while it creates an instance (azurerm issue #21506; it can be
   * turned off only afterwards), so a stack passes a Terraform variable here that its deploy sets to true only for
   * the instance's first, targeted apply, when no API exists yet (`deploy/plan.ts`). Default: false,
   * Front Door's Private Link is the only way in.
   */
  readonly publicNetworkAccessEnabled?: boolean | IResolvable;
  /**
   * Where request telemetry and token metrics go. Application Insights takes Entra ID auth only, so the logger
   * authenticates with `identity`, which is granted Monitoring Metrics Publisher on it; the connection string
   * only tells the logger where to send, and is written write-only so that the logger keeps no copy in state.
   */
  readonly applicationInsights: { readonly id: string; readonly connectionString: string };
  readonly backends: readonly ModelBackendProps[];
  /** Entra ID audience of the backends' tokens. Default: https://ml.azure.com (Azure ML online endpoints). */
  readonly backendAudience?: string;
  /** Default: 180 s, Azure ML's longest request. */
  readonly backendTimeoutSeconds?: number;
  /** The model clients ask for: the one `GET /v1/models` lists, answered by the gateway itself. */
  readonly servedModel: string;
  /** The model's context in tokens: requests asking for more completion tokens are refused at the gateway. */
  readonly maxCompletionTokens: number;
  /** The one path the backends route to the model server. Default: `/score` (Azure ML online endpoints). */
  readonly scoringPath?: string;
  readonly jwt: ValidateJwtOptions;
  readonly products: readonly GatewayProductProps[];
  readonly limits: { readonly maxRequestBytes: number; readonly maxResponseBytes: number };
  /** Platform logs to Log Analytics; the gateway chooses the categories (GATEWAY_LOG_CATEGORIES), never a group. */
  readonly diagnostics?: Omit<DiagnosticsProps, "categories" | "categoryGroups">;
  /** Request and response headers written to logs. Default: LOGGED_HEADERS (never credentials). */
  readonly loggedHeaders?: readonly string[];
}

/** Path of the model API under the gateway (clients call `/model/v1/chat/completions`). */
export const MODEL_API_PATH = "model";
/**
 * What Front Door probes: API Management's own health endpoint, "a default health endpoint hosted on all the API
 * Management services" (Learn: front-door-api-management, api-management-howto-integrate-internal-vnet-appgateway).
 * It reports the gateway, not the model: a region whose model fails answers 5xx, and the gateway's retry moves on.
 */
export const PROBE_PATH = "/status-0123456789abcdef";
export const AZURE_ML_AUDIENCE = "https://ml.azure.com";
/** The path an Azure ML online endpoint forwards to the container's scoring route. */
export const AZURE_ML_SCORING_PATH = "/score";

/**
 * The operation forwarded to the model. An online endpoint routes one path to the container (`/score` to the
 * scoring route, `/v1/chat/completions` here), so chat completions is the one model call the API offers.
 */
export const MODEL_OPERATIONS = [{ id: "chat-completions", displayName: "Chat completions", method: "POST", urlTemplate: "/v1/chat/completions" }] as const;

/** Operations the gateway answers itself, from configuration, without calling the model. */
export const GATEWAY_OPERATIONS = [{ id: "models", displayName: "List models", method: "GET", urlTemplate: "/v1/models" }] as const;

/** Headers safe to log: correlation and sizes, never credentials or content. */
export const LOGGED_HEADERS = ["Content-Type", "Content-Length", "X-Azure-Ref", "x-ms-client-request-id", "x-ratelimit-remaining-tokens"] as const;

/**
 * The resource log categories the gateway sends to Log Analytics: request metadata only. Never `GatewayLlmLogs`
 * (it records prompts and completions, i.e. PHI) and never a category group: `allLogs` and `audit` include
 * `GatewayLlmLogs`, and a group takes in whatever category the service adds next. No WebSocket API is served, so
 * `WebSocketConnectionLogs` would stay empty.
 */
export const GATEWAY_LOG_CATEGORIES = ["GatewayLogs"] as const;

/** Diagnostics of the gateway: Application Insights (requests, token metrics) and Azure Monitor (gateway logs). */
const DIAGNOSTIC_SINKS = ["applicationinsights", "azuremonitor"] as const;

export function backendId(name: string): string {
  return `be-${name}`;
}

/** Only product subscriptions reach the model; the built-in all-APIs key would skip the product's checks. */
const REQUIRE_PRODUCT: PolicyDocument = {
  inbound: [
    {
      name: "choose",
      children: [
        {
          name: "when",
          attributes: { condition: "@(context.Product == null)" },
          children: [{ name: "return-response", children: [{ name: "set-status", attributes: { code: 403, reason: "Subscribe to a product of this API" } }] }],
        },
      ],
    },
  ],
  backend: [],
  outbound: [],
  onError: [],
};

/**
 * The model's regional gateway: API Management (v2 tier, VNet-integrated, TLS 1.2+ with strong ciphers only, no
 * client certificates or self-service sign-up unless asked, a user-assigned identity), one backend per private
 * online endpoint with a circuit breaker, the model API with the OpenAI-compatible routes, products whose policies
 * authenticate, limit, meter and re-authenticate every call, and diagnostics that never log a body.
 */
export class ModelGateway extends Construct {
  readonly apiManagement: ApiManagement;
  readonly api: ApiManagementApi;
  readonly backends: Record<string, ApiManagementBackend> = {};
  readonly products: Record<string, ApiManagementProduct> = {};
  readonly productPolicies: Record<string, ApiManagementProductPolicy> = {};
  readonly diagnostics: ApiManagementDiagnostic[] = [];
  readonly interfaces: ResourceInterfaces<never>;

  constructor(scope: Construct, id: string, props: ModelGatewayProps) {
    super(scope, id);
    if (props.backends.length === 0) throw new Error(`${this.node.path}: the gateway needs at least one backend. Fix: give the region an online endpoint`);
    this.apiManagement = new ApiManagement(this, "api-management", {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      skuName: props.skuName ?? "StandardV2_1",
      publisherName: props.publisherName,
      publisherEmail: props.publisherEmail,
      publicNetworkAccessEnabled: props.publicNetworkAccessEnabled ?? false,
      virtualNetworkType: "External",
      virtualNetworkConfiguration: { subnetId: props.subnetId },
      // azurerm 4.55 accepts `true` on the Consumption tier only (api_management_resource.go); v2 never asks for one.
      clientCertificateEnabled: false,
      identity: { type: "UserAssigned", identityIds: [props.identity.id] },
      protocols: { http2Enabled: true },
      security: {
        frontendSsl30Enabled: false,
        frontendTls10Enabled: false,
        frontendTls11Enabled: false,
        backendSsl30Enabled: false,
        backendTls10Enabled: false,
        backendTls11Enabled: false,
        tripleDesCiphersEnabled: false,
        // CBC and RSA key exchange: no forward secrecy or padding-oracle history; ECDHE with GCM remains.
        tlsEcdheEcdsaWithAes128CbcShaCiphersEnabled: false,
        tlsEcdheEcdsaWithAes256CbcShaCiphersEnabled: false,
        tlsEcdheRsaWithAes128CbcShaCiphersEnabled: false,
        tlsEcdheRsaWithAes256CbcShaCiphersEnabled: false,
        tlsRsaWithAes128CbcSha256CiphersEnabled: false,
        tlsRsaWithAes128CbcShaCiphersEnabled: false,
        tlsRsaWithAes128GcmSha256CiphersEnabled: false,
        tlsRsaWithAes256CbcSha256CiphersEnabled: false,
        tlsRsaWithAes256CbcShaCiphersEnabled: false,
        tlsRsaWithAes256GcmSha384CiphersEnabled: false,
      },
      // No sign_up, sign_in, delegation or tenant_access: azurerm 4.55 rejects each of them on V2 and Consumption tiers,
      // after the PUT that takes many minutes (api_management_resource.go), leaving a tainted instance behind.
      tags: props.tags,
    });
    const service = { apiManagementName: this.apiManagement.name, resourceGroupName: props.resourceGroupName };

    // Application Insights refuses instrumentation-key ingestion (local auth off): the logger sends with the identity.
    const telemetryAccess = new ResourceInterfaces(this, "telemetry-access", {
      resourceId: props.applicationInsights.id,
      placement: props,
      props: {
        roleAssignments: {
          telemetry: { principalId: props.identity.principalId, roleDefinitionName: "Monitoring Metrics Publisher", description: `API Management ${props.name} sends request telemetry and token metrics` },
        },
      },
    });
    // azurerm's logger takes no identity for Application Insights; the ARM API does (credentials.identityClientId).
    const logger = new AzapiResource<ApplicationInsightsLoggerBody>(this, "logger", {
      type: APIM_RESOURCE_TYPES.logger,
      name: "application-insights",
      parentId: this.apiManagement.id,
      body: {
        properties: {
          loggerType: "applicationInsights",
          resourceId: props.applicationInsights.id,
          description: "Request telemetry and token metrics, sent with the gateway's managed identity",
          isBuffered: true,
          credentials: { identityClientId: props.identity.clientId },
        },
      },
      sensitiveBody: { properties: { credentials: { connectionString: props.applicationInsights.connectionString } } } satisfies ApplicationInsightsLoggerSensitiveBody,
      dependsOn: [new PropagationWait(this, "telemetry-access-propagated", { after: Object.values(telemetryAccess.roleAssignments), duration: ROLE_PROPAGATION })],
    });
    const loggedHeaders = [...(props.loggedHeaders ?? LOGGED_HEADERS)];
    // Bodies can carry patient data: 0 bytes of any body are logged, on every sink, in every direction.
    const noBody = { bodyBytes: 0, headersToLog: loggedHeaders };
    for (const sink of DIAGNOSTIC_SINKS) {
      this.diagnostics.push(
        new ApiManagementDiagnostic(this, `diagnostic-${sink}`, {
          ...service,
          identifier: sink,
          apiManagementLoggerId: sink === "applicationinsights" ? logger.id : `${this.apiManagement.id}/loggers/azuremonitor`,
          samplingPercentage: 100,
          alwaysLogErrors: true,
          // Front Door already records the client address; the gateway sees only Front Door's.
          logClientIp: false,
          verbosity: "information",
          httpCorrelationProtocol: sink === "applicationinsights" ? "W3C" : undefined,
          frontendRequest: noBody,
          frontendResponse: noBody,
          backendRequest: noBody,
          backendResponse: noBody,
        }),
      );
    }

    for (const backend of props.backends) {
      this.backends[backend.name] = new ApiManagementBackend(this, `backend-${backend.name}`, {
        ...service,
        name: backendId(backend.name),
        description: backend.description,
        protocol: "http",
        url: backend.url,
        tls: { validateCertificateChain: true, validateCertificateName: true },
        circuitBreakerRule: {
          name: "model-unavailable",
          tripDuration: "PT1M",
          acceptRetryAfterEnabled: true,
          failureCondition: { count: 5, intervalDuration: "PT1M", statusCodeRange: [{ min: 429, max: 429 }, { min: 500, max: 599 }] },
        },
      });
    }
    const target: ModelBackendTarget = {
      backendIds: props.backends.map((backend) => backendId(backend.name)),
      audience: props.backendAudience ?? AZURE_ML_AUDIENCE,
      identityClientId: props.identity.clientId,
      timeoutSeconds: props.backendTimeoutSeconds ?? 180,
      scoringPath: props.scoringPath ?? AZURE_ML_SCORING_PATH,
    };
    const dependsOnBackends = Object.values(this.backends);

    this.api = new ApiManagementApi(this, "model-api", {
      ...service,
      name: "clinical-model",
      displayName: "Clinical model (OpenAI-compatible)",
      path: MODEL_API_PATH,
      protocols: ["https"],
      revision: "1",
      apiType: "http",
      subscriptionRequired: true,
    });
    for (const operation of [...MODEL_OPERATIONS, ...GATEWAY_OPERATIONS]) {
      new ApiManagementApiOperation(this, `operation-${operation.id}`, {
        ...service,
        apiName: this.api.name,
        operationId: operation.id,
        displayName: operation.displayName,
        method: operation.method,
        urlTemplate: operation.urlTemplate,
      });
    }
    new ApiManagementApiPolicy(this, "model-api-policy", { ...service, apiName: this.api.name, xmlContent: renderPolicy(REQUIRE_PRODUCT) });
    new ApiManagementApiOperationPolicy(this, "operation-models-policy", {
      ...service,
      apiName: this.api.name,
      operationId: "models",
      xmlContent: renderPolicy(modelListPolicy(props.servedModel)),
      dependsOn: dependsOnBackends,
    });

    for (const product of props.products) {
      const created = new ApiManagementProduct(this, `product-${product.name}`, {
        ...service,
        productId: product.name,
        displayName: product.displayName,
        published: true,
        subscriptionRequired: true,
        approvalRequired: product.approvalRequired ?? true,
      });
      this.products[product.name] = created;
      new ApiManagementProductApi(this, `product-${product.name}-api`, { ...service, productId: created.productId, apiName: this.api.name });
      this.productPolicies[product.name] = new ApiManagementProductPolicy(this, `product-${product.name}-policy`, {
        ...service,
        productId: created.productId,
        xmlContent: renderPolicy(
          productPolicy({
            jwt: props.jwt,
            tokens: { tokensPerMinute: product.tokensPerMinute, monthlyTokenQuota: product.monthlyTokenQuota },
            target,
            maxRequestBytes: props.limits.maxRequestBytes,
            maxResponseBytes: props.limits.maxResponseBytes,
            maxCompletionTokens: props.maxCompletionTokens,
          }),
        ),
        dependsOn: dependsOnBackends,
      });
      for (const subscription of product.subscriptions ?? []) {
        new ApiManagementSubscription(this, `subscription-${product.name}-${subscription.name}`, {
          ...service,
          subscriptionId: `${product.name}-${subscription.name}`,
          displayName: subscription.displayName,
          productId: created.id,
          state: "active",
          // A trace would copy request and response bodies out of the gateway.
          allowTracing: false,
        });
      }
    }

    this.interfaces = new ResourceInterfaces(this, "interfaces", {
      resourceId: this.apiManagement.id,
      placement: props,
      props: { ...props, diagnostics: props.diagnostics && { ...props.diagnostics, categories: GATEWAY_LOG_CATEGORIES } },
    });
  }
}
