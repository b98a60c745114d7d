/**
 * API Management policies as typed values, rendered to the XML API Management reads. Nothing here is hand-written
 * XML: every element is built by a function whose parameters say what it may contain, and the document always
 * renders its sections in the order API Management requires (inbound, backend, outbound, on-error), each opening
 * with `<base />` so the policies of the enclosing scope run first; except a backend section that forwards the
 * request itself, which must not also run the enclosing scope's `forward-request`.
 */

export type AttributeValue = string | number | boolean;

export interface PolicyElement {
  readonly name: string;
  readonly attributes?: Readonly<Record<string, AttributeValue | undefined>>;
  readonly children?: readonly PolicyElement[];
  /** Text content (e.g. an audience); escaped when rendered. */
  readonly text?: string;
}

export interface PolicyDocument {
  readonly inbound: readonly PolicyElement[];
  readonly backend: readonly PolicyElement[];
  readonly outbound: readonly PolicyElement[];
  readonly onError: readonly PolicyElement[];
}

/** The sections in the order API Management requires, with their XML names. */
export const POLICY_SECTIONS = [
  ["inbound", "inbound"],
  ["backend", "backend"],
  ["outbound", "outbound"],
  ["onError", "on-error"],
] as const satisfies readonly (readonly [keyof PolicyDocument, string])[];

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => XML_ESCAPES[character]);
}

function renderElement(element: PolicyElement, depth: number): string {
  const indent = "  ".repeat(depth);
  const attributes = Object.entries(element.attributes ?? {})
    .filter((entry): entry is [string, AttributeValue] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeXml(String(value))}"`)
    .join("");
  const children = element.children ?? [];
  if (children.length === 0 && element.text === undefined) return `${indent}<${element.name}${attributes} />`;
  if (children.length === 0) return `${indent}<${element.name}${attributes}>${escapeXml(element.text ?? "")}</${element.name}>`;
  return [`${indent}<${element.name}${attributes}>`, ...children.map((child) => renderElement(child, depth + 1)), `${indent}</${element.name}>`].join("\n");
}

/** The policy XML of one scope: every section present, `<base />` first in each unless the backend forwards itself. */
export function renderPolicy(document: PolicyDocument): string {
  const sections = POLICY_SECTIONS.map(([key, xmlName]) => {
    const inherits = !(key === "backend" && document.backend.length > 0);
    return renderElement({ name: xmlName, children: [...(inherits ? [{ name: "base" }] : []), ...document[key]] }, 1);
  });
  return ["<policies>", ...sections, "</policies>", ""].join("\n");
}

// ---- The policy statements the model gateway uses, each with its children in the documented order. ----

export interface ValidateJwtOptions {
  /** Entra ID tenant whose v2.0 tokens are accepted. */
  readonly tenantId: string;
  /** The app ID URI (or client ID) tokens must be issued for. */
  readonly audiences: readonly string[];
  /** Base URL of the Entra ID authority, e.g. https://login.microsoftonline.com. */
  readonly authorityHost: string;
}

/** Entra ID bearer tokens only: signed, unexpired, for our audience, from our tenant. */
export function validateJwt(options: ValidateJwtOptions): PolicyElement {
  const authority = `${options.authorityHost.replace(/\/$/, "")}/${options.tenantId}/v2.0`;
  return {
    name: "validate-jwt",
    attributes: {
      "header-name": "Authorization",
      "failed-validation-httpcode": 401,
      "failed-validation-error-message": "Unauthorized. A valid Entra ID access token for this API is required.",
      "require-expiration-time": true,
      "require-scheme": "Bearer",
      "require-signed-tokens": true,
    },
    children: [
      { name: "openid-config", attributes: { url: `${authority}/.well-known/openid-configuration` } },
      { name: "audiences", children: options.audiences.map((audience) => ({ name: "audience", text: audience })) },
      { name: "issuers", children: [{ name: "issuer", text: authority }] },
    ],
  };
}

/** Rejects bodies over `maxBytes` before they reach the model (request: inbound; response: outbound). */
export function validateContentSize(maxBytes: number): PolicyElement {
  return {
    name: "validate-content",
    attributes: {
      "unspecified-content-type-action": "prevent",
      "max-size": maxBytes,
      "size-exceeded-action": "prevent",
      "errors-variable-name": "contentValidationErrors",
    },
    children: [{ name: "content", attributes: { type: "application/json", "validate-as": "json", action: "ignore" } }],
  };
}

export interface TokenLimitOptions {
  readonly tokensPerMinute: number;
  readonly monthlyTokenQuota: number;
}

/** Per-subscription token rate and monthly quota, counted from the model's reported usage. */
export function llmTokenLimit(options: TokenLimitOptions): PolicyElement {
  return {
    name: "llm-token-limit",
    attributes: {
      "counter-key": "@(context.Subscription.Id)",
      "tokens-per-minute": options.tokensPerMinute,
      "token-quota": options.monthlyTokenQuota,
      "token-quota-period": "Monthly",
      // The model's own usage figures are exact; an estimate from a tokenizer that is not the model's is not.
      "estimate-prompt-tokens": false,
      "remaining-tokens-header-name": "x-ratelimit-remaining-tokens",
    },
  };
}

/** The only dimensions token metrics carry: who (product, subscription) and where. Never user content. */
export const TOKEN_METRIC_DIMENSIONS = {
  product: "@(context.Product?.Id ?? \"none\")",
  subscription: "@(context.Subscription?.Id ?? \"none\")",
  region: "@(context.Deployment.Region)",
} as const;

export function llmEmitTokenMetric(namespace: string): PolicyElement {
  return {
    name: "llm-emit-token-metric",
    attributes: { namespace },
    children: Object.entries(TOKEN_METRIC_DIMENSIONS).map(([name, value]) => ({ name: "dimension", attributes: { name, value } })),
  };
}

/** Replaces the caller's token with one for the model endpoint, issued to the gateway's own identity. */
export function authenticationManagedIdentity(resource: string, clientId: string): PolicyElement {
  return { name: "authentication-managed-identity", attributes: { resource, "client-id": clientId } };
}

export function setBackendService(backendId: string): PolicyElement {
  return { name: "set-backend-service", attributes: { "backend-id": backendId } };
}

export function deleteHeader(name: string): PolicyElement {
  return { name: "set-header", attributes: { name, "exists-action": "delete" } };
}

/** Answers the caller at once with a JSON body; nothing is forwarded. */
export function returnJson(status: number, reason: string, body: unknown): PolicyElement {
  return {
    name: "return-response",
    children: [
      { name: "set-status", attributes: { code: status, reason } },
      { name: "set-header", attributes: { name: "Content-Type", "exists-action": "override" }, children: [{ name: "value", text: "application/json" }] },
      { name: "set-body", text: JSON.stringify(body) },
    ],
  };
}

/**
 * Checks that only make sense for a request with a body, applied to POSTs only: a GET carries no body or content
 * type for `validate-content` to judge (the gateway answers `GET /v1/models` itself).
 */
export function onRequestsWithBody(...checks: PolicyElement[]): PolicyElement {
  return { name: "choose", children: [{ name: "when", attributes: { condition: '@(context.Request.Method == "POST")' }, children: checks }] };
}

/**
 * Refuses, before the model spends GPU time on it, a request that asks for more completion tokens than the model's
 * context holds (`max_completion_tokens`, or the older `max_tokens`, of the OpenAI chat API).
 */
export function limitCompletionTokens(maxTokens: number): PolicyElement {
  const requested = 'var body = context.Request.Body?.As<JObject>(preserveContent: true); var requested = (int?)(body?["max_completion_tokens"] ?? body?["max_tokens"]);';
  return {
    name: "choose",
    children: [
      {
        name: "when",
        attributes: { condition: `@{ ${requested} return requested != null && requested > ${maxTokens}; }` },
        children: [returnJson(400, "Bad Request", { error: { type: "invalid_request_error", message: `max_completion_tokens is above the model's context of ${maxTokens} tokens` } })],
      },
    ],
  };
}

export function rewriteUri(template: string): PolicyElement {
  return { name: "rewrite-uri", attributes: { template, "copy-unmatched-params": false } };
}

export function forwardRequest(timeoutSeconds: number): PolicyElement {
  // The body is buffered so that a retry can send it again.
  return { name: "forward-request", attributes: { timeout: timeoutSeconds, "buffer-request-body": true } };
}

/** Status codes after which the next backend is tried: throttled, or temporarily unavailable. */
export const RETRY_STATUS_CODES = [429, 503] as const;

/**
 * Forwards the request and, on 429 or 503, tries the region's next backend (round-robin from the first),
 * at most once per other backend and at least once.
 */
export function forwardWithRetry(backendIds: readonly string[], timeoutSeconds: number): PolicyElement {
  const condition = `@(${RETRY_STATUS_CODES.map((code) => `context.Response.StatusCode == ${code}`).join(" || ")})`;
  const list = backendIds.map((id) => `"${id}"`).join(", ");
  const attempt = "context.Variables.GetValueOrDefault<int>(\"backendAttempt\", 0)";
  return {
    name: "retry",
    attributes: { condition, count: Math.max(1, backendIds.length - 1), interval: 1, "first-fast-retry": true },
    children: [
      { name: "set-backend-service", attributes: { "backend-id": `@(new [] { ${list} }[${attempt} % ${backendIds.length}])` } },
      { name: "set-variable", attributes: { name: "backendAttempt", value: `@(${attempt} + 1)` } },
      forwardRequest(timeoutSeconds),
    ],
  };
}
