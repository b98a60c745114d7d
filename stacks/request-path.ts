/**
 * The path of one API request, as documentation generated from the same config and code the edge and gateway
 * stacks use: names from the naming rules, the WAF and limits from config, and the gateway's steps from the very
 * policy the gateway deploys. `docs/request-path.md` holds the result; a test fails when the page is stale.
 */
import { requestBodyLimitBytes } from "../environments/schema/model-fit";
import type { Environment } from "../environments/schema/config";
import { RegionNames } from "../environments/schema/naming";
import { productPolicy } from "../constructs/api-gateway/model-policies";
import { AZURE_ML_AUDIENCE, AZURE_ML_SCORING_PATH, backendId, GATEWAY_LOG_CATEGORIES, LOGGED_HEADERS, MODEL_API_PATH, PROBE_PATH } from "../constructs/api-gateway/model-gateway";
import { edgeLogsRegion, edgeNames } from "./edge-stack";
import { authorityHost } from "./gateway-stack";

export const PATH_START = "<!-- request-path:start (generated from environments/ and the gateway's policy code by stacks/request-path.ts; do not edit) -->";
export const PATH_END = "<!-- request-path:end -->";

/** The inbound steps of a product's policy, in the order the gateway runs them, read from the policy itself. */
export function gatewaySteps(env: Environment, region: string): string[] {
  const api = requireApi(env);
  const [product] = api.products;
  const endpoint = env.regions.find((candidate) => candidate.location === region)?.endpoints[0];
  const policy = productPolicy({
    jwt: { tenantId: api.entraId.tenantId ?? env.tenantId, audiences: [api.entraId.audience], authorityHost: authorityHost(env.cloud) },
    tokens: product,
    target: { backendIds: [backendId(endpoint?.name ?? "model")], audience: AZURE_ML_AUDIENCE, identityClientId: "gateway", timeoutSeconds: 0, scoringPath: AZURE_ML_SCORING_PATH },
    maxRequestBytes: requestBodyLimitBytes(env.model, api.limits.maxRequestBodyKb),
    maxResponseBytes: api.limits.maxResponseBodyKb * 1024,
    maxCompletionTokens: env.model.maxModelLength,
  });
  return [...policy.inbound.map((element) => element.name), ...policy.backend.map((element) => element.name)];
}

function requireApi(env: Environment): NonNullable<Environment["api"]> {
  if (!env.api) throw new Error(`${env.name} serves no public API. Fix: document an environment with an api section`);
  return env.api;
}

/** A mermaid sequence diagram of one request (no semicolons in texts: mermaid reads them as line breaks) from a client of `geography` to the GPU and back. */
export function requestPathDiagram(env: Environment, geographyKey: string): string {
  const api = requireApi(env);
  const geography = api.geographies[geographyKey];
  if (!geography) throw new Error(`no geography "${geographyKey}" in ${env.name}. Fix: use one of ${Object.keys(api.geographies).join(", ")}`);
  const region = geography.regions[0];
  const names = new RegionNames(env, region);
  const edge = edgeNames(env);
  const logs = new RegionNames(env, edgeLogsRegion(api) as typeof region);
  const endpoint = env.regions.find((candidate) => candidate.location === region)!.endpoints[0];
  const deployment = endpoint.deployments[0];
  const gpu = deployment.compute.kind === "managed" ? deployment.compute.instanceType : `AKS pool ${deployment.compute.gpuPool}`;
  const tenant = api.entraId.tenantId ?? env.tenantId;
  const waf = api.waf;
  const countries = waf.allowedCountries.length > 0 ? `, countries ${waf.allowedCountries.join(" ")}` : "";
  const failover = geography.failoverTo ? `+ ${geography.failoverTo} at priority 2 (configured failover)` : `only ${geography.regions.join(", ")}: no failover out of ${geographyKey}`;
  const limits = api.products.map((product) => `${product.name} ${product.tokensPerMinute} tokens/min, ${product.monthlyTokenQuota} tokens/month`).join(", ");
  return [
    "sequenceDiagram",
    "  autonumber",
    `  participant C as Client (${geographyKey})`,
    `  participant ID as Entra ID ${tenant}`,
    `  participant FD as Front Door ${edge.profile} + WAF ${edge.wafPolicy}`,
    `  participant G as API Management ${names.apiManagement()} (${region})`,
    `  participant M as Azure ML endpoint ${endpoint.name} (${region}, ${gpu})`,
    "  participant L as Logs",
    `  C->>ID: token for ${api.entraId.audience}`,
    `  C->>FD: HTTPS ${geography.hostnames.join(" | ")} /${MODEL_API_PATH}/v1/chat/completions, TLS 1.2+, bearer token + subscription key`,
    `  Note over FD: WAF ${waf.mode}: ${waf.managedRuleSets.default.type} ${waf.managedRuleSets.default.version}, Microsoft_BotManagerRuleSet ${waf.managedRuleSets.botManager.version}, ${waf.rateLimitPerIpPerMinute} requests/min per IP, body up to ${Math.ceil(requestBodyLimitBytes(env.model, api.limits.maxRequestBodyKb) / 1024)} KB${countries}`,
    `  FD->>G: Private Link, origin group og-${geographyKey} (${failover}), probe ${PROBE_PATH}`,
    `  Note over G: ${gatewaySteps(env, region).join(" → ")}`,
    `  Note over G: token limits per subscription: ${limits}`,
    `  G->>M: VNet integration → private endpoint, token of ${names.managedIdentity("apiGateway")} for ${AZURE_ML_AUDIENCE}`,
    `  M-->>G: completion and token usage`,
    "  G-->>FD: internal headers removed, response size checked",
    "  FD-->>C: response (never cached)",
    `  G-)L: ${names.applicationInsights()} (as ${names.managedIdentity("apiGateway")}), ${names.logAnalytics()} (${GATEWAY_LOG_CATEGORIES.join(" ")} only, never GatewayLlmLogs): status, latency, token metrics, headers ${LOGGED_HEADERS.join(" ")}, 0 bytes of any body`,
    `  FD-)L: ${logs.logAnalytics()}: access and WAF logs, query, body and credential values scrubbed`,
  ].join("\n");
}

/** The generated part of the page. */
export function requestPathSection(env: Environment, geographyKey: string): string {
  return [PATH_START, "", "```mermaid", requestPathDiagram(env, geographyKey), "```", "", PATH_END].join("\n");
}

/** `page` with its generated section replaced by the current one. */
export function withRequestPath(page: string, env: Environment, geographyKey: string): string {
  const start = page.indexOf(PATH_START);
  const end = page.indexOf(PATH_END);
  if (start < 0 || end < start) throw new Error(`the page has no generated section. Fix: put ${PATH_START} and ${PATH_END} where the diagram belongs`);
  return page.slice(0, start) + requestPathSection(env, geographyKey) + page.slice(end + PATH_END.length);
}
