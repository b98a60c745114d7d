/**
 * The policies of the model gateway, composed from the typed statements in `policy-xml.ts`. The order inside
 * inbound is a security decision, not a style: the caller is authenticated before anything is counted or
 * forwarded, limits are checked before the model spends GPU time, and the caller's credentials are replaced
 * by the gateway's own identity only at the end.
 */
import {
  authenticationManagedIdentity,
  deleteHeader,
  forwardRequest,
  forwardWithRetry,
  llmEmitTokenMetric,
  llmTokenLimit,
  rewriteUri,
  setBackendService,
  validateContentSize,
  validateJwt,
  type PolicyDocument,
  type TokenLimitOptions,
  type ValidateJwtOptions,
} from "./policy-xml";

/** Headers the model server and Azure ML add that tell a caller about our internals; removed from every response. */
export const INTERNAL_RESPONSE_HEADERS = ["azureml-model-deployment", "azureml-model-session", "x-ms-run-function-failed", "x-ms-server-version", "Server", "X-Powered-By"] as const;

/** Client credentials that must not travel past the gateway. */
export const CLIENT_CREDENTIAL_HEADERS = ["Ocp-Apim-Subscription-Key"] as const;

/** Custom metric namespace of the token metrics in Application Insights. */
export const TOKEN_METRIC_NAMESPACE = "clinical-model";

export interface ModelBackendTarget {
  /** API Management backend IDs of the region's online endpoints, the preferred one first. */
  readonly backendIds: readonly string[];
  /** Entra ID audience of the online endpoints' tokens (`https://ml.azure.com` for Azure ML). */
  readonly audience: string;
  /** Client ID of the gateway's user-assigned identity. */
  readonly identityClientId: string;
  /** How long the gateway waits for the model, in seconds. */
  readonly timeoutSeconds: number;
}

export interface ProductPolicyOptions {
  readonly jwt: ValidateJwtOptions;
  readonly tokens: TokenLimitOptions;
  readonly target: ModelBackendTarget;
  readonly maxRequestBytes: number;
  readonly maxResponseBytes: number;
}

function requireBackends(target: ModelBackendTarget): string {
  const [first] = target.backendIds;
  if (first === undefined) throw new Error("the model gateway needs at least one backend. Fix: give the region an online endpoint");
  return first;
}

const responseHygiene = INTERNAL_RESPONSE_HEADERS.map(deleteHeader);

/** The whole path of a model request for one product: authenticate, limit, meter, re-authenticate, forward. */
export function productPolicy(options: ProductPolicyOptions): PolicyDocument {
  const first = requireBackends(options.target);
  return {
    inbound: [
      validateJwt(options.jwt),
      validateContentSize(options.maxRequestBytes),
      llmTokenLimit(options.tokens),
      llmEmitTokenMetric(TOKEN_METRIC_NAMESPACE),
      ...CLIENT_CREDENTIAL_HEADERS.map(deleteHeader),
      authenticationManagedIdentity(options.target.audience, options.target.identityClientId),
      setBackendService(first),
    ],
    backend: [forwardWithRetry(options.target.backendIds, options.target.timeoutSeconds)],
    outbound: [...responseHygiene, validateContentSize(options.maxResponseBytes)],
    onError: responseHygiene,
  };
}

/**
 * The anonymous health route Front Door probes: it reaches the model server's readiness route through the same
 * identity hop, so a region whose model is not ready is taken out of rotation. It carries no caller data.
 */
export function healthPolicy(target: ModelBackendTarget, readinessRoute: string): PolicyDocument {
  return {
    inbound: [authenticationManagedIdentity(target.audience, target.identityClientId), setBackendService(requireBackends(target)), rewriteUri(readinessRoute)],
    backend: [forwardRequest(10)],
    outbound: responseHygiene,
    onError: responseHygiene,
  };
}
