/**
 * The policies of the model gateway, composed from the typed statements in `policy-xml.ts`. The order inside
 * inbound is a security decision, not a style: the caller is authenticated before anything is counted or
 * forwarded, limits are checked before the model spends GPU time, and the caller's credentials are replaced
 * by the gateway's own identity only at the end.
 */
import {
  authenticationManagedIdentity,
  deleteHeader,
  forwardWithRetry,
  llmEmitTokenMetric,
  limitCompletionTokens,
  onRequestsWithBody,
  llmTokenLimit,
  returnJson,
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
  /**
   * The path the endpoint routes to the model server: an Azure ML online endpoint forwards `/score` to the
   * container's scoring route (Learn: how-to-deploy-custom-container, concept-endpoints), and no other path.
   */
  readonly scoringPath: string;
}

export interface ProductPolicyOptions {
  readonly jwt: ValidateJwtOptions;
  readonly tokens: TokenLimitOptions;
  readonly target: ModelBackendTarget;
  readonly maxRequestBytes: number;
  readonly maxResponseBytes: number;
  /** The model's context: a request asking for more completion tokens is refused. */
  readonly maxCompletionTokens: number;
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
      onRequestsWithBody(validateContentSize(options.maxRequestBytes), limitCompletionTokens(options.maxCompletionTokens)),
      llmTokenLimit(options.tokens),
      llmEmitTokenMetric(TOKEN_METRIC_NAMESPACE),
      ...CLIENT_CREDENTIAL_HEADERS.map(deleteHeader),
      authenticationManagedIdentity(options.target.audience, options.target.identityClientId),
      setBackendService(first),
      rewriteUri(options.target.scoringPath),
    ],
    backend: [forwardWithRetry(options.target.backendIds, options.target.timeoutSeconds)],
    outbound: [...responseHygiene, validateContentSize(options.maxResponseBytes)],
    onError: responseHygiene,
  };
}

/** `GET /v1/models` in the OpenAI form, answered from configuration: the backend routes only the scoring path. */
export function modelListPolicy(servedModel: string): PolicyDocument {
  return {
    inbound: [returnJson(200, "OK", { object: "list", data: [{ id: servedModel, object: "model", owned_by: "clinical-ai-platform" }] })],
    backend: [],
    outbound: [],
    onError: [],
  };
}
