/**
 * The path of one request, as documentation: the API's sequence diagram from the same config and code the edge and
 * gateway stacks use (names from the naming rules, the WAF and limits from config, the gateway's steps from the very
 * policy it deploys), and every environment's request walked on its synthesized Terraform (stacks/request-path-walk).
 * `docs/request-path.md` holds the result; tests fail when the page is stale.
 */
import { requestBodyLimitBytes } from "../environments/schema/model-fit";
import { currentDeployment, currentRelease, requestBoundingModel } from "../environments/schema/releases";
import { managedEndpoints } from "../environments/schema/serving";
import type { Environment } from "../environments/schema/config";
import { RegionNames } from "../environments/schema/naming";
import { productPolicy } from "../constructs/api-gateway/model-policies";
import type { PolicyElement } from "../constructs/api-gateway/policy-xml";
import { AZURE_ML_AUDIENCE, AZURE_ML_SCORING_PATH, backendId, GATEWAY_LOG_CATEGORIES, LOGGED_HEADERS, MODEL_API_PATH, MODEL_OPERATIONS, PROBE_PATH } from "../constructs/api-gateway/model-gateway";
import { edgeLogsRegion, edgeNames } from "./edge-stack";
import { authorityHost } from "./gateway-stack";
import type { ApiRequestPath, ClusterRequestPath, EnvironmentWalk, Hop } from "./request-path-walk";

export const PATH_START = "<!-- request-path:start (generated from environments/ and the gateway's policy code by stacks/request-path.ts; do not edit) -->";
export const PATH_END = "<!-- request-path:end -->";

/** The inbound steps of a product's policy, in the order the gateway runs them, read from the policy itself. */
export function gatewaySteps(env: Environment, region: string): string[] {
  const api = requireApi(env);
  const [product] = api.products;
  const regionConfig = env.regions.find((candidate) => candidate.location === region);
  const endpoint = regionConfig?.endpoints[0];
  const model = requestBoundingModel(env, regionConfig ? managedEndpoints(regionConfig) : undefined);
  const policy = productPolicy({
    jwt: { tenantId: api.entraId.tenantId ?? env.tenantId, audiences: [api.entraId.audience], authorityHost: authorityHost(env.cloud) },
    tokens: product,
    target: { backendIds: [backendId(endpoint?.name ?? "model")], audience: AZURE_ML_AUDIENCE, identityClientId: "gateway", timeoutSeconds: 0, scoringPath: AZURE_ML_SCORING_PATH },
    maxRequestBytes: requestBodyLimitBytes(model, api.limits.maxRequestBodyKb),
    maxResponseBytes: api.limits.maxResponseBodyKb * 1024,
    maxCompletionTokens: model.maxModelLength,
  });
  return [...policy.inbound.map(stepName), ...policy.backend.map(stepName)];
}

/** A policy element as a step of the page: its name, or for a `choose` the steps it runs and when. */
function stepName(element: PolicyElement): string {
  if (element.name !== "choose") return element.name;
  const when = element.children?.[0];
  const condition = String(when?.attributes?.condition ?? "");
  const inner = (when?.children ?? []).map(stepName).join(", ");
  if (condition.includes("context.Request.Method")) return `on POST (${inner})`;
  if (condition.includes("max_completion_tokens")) return "400 if max_completion_tokens > context";
  return `when (${inner})`;
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
  const deployment = currentDeployment(endpoint);
  const release = currentRelease(env, endpoint);
  const gpu = deployment.compute.kind === "managed" ? deployment.compute.instanceType : `AKS pool ${deployment.compute.gpuPool}`;
  const chat = MODEL_OPERATIONS[0].urlTemplate;
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
    `  C->>FD: HTTPS ${geography.hostnames.join(" | ")} /${MODEL_API_PATH}${chat}, TLS 1.2+, bearer token + subscription key`,
    `  Note over FD: WAF ${waf.mode}: ${waf.managedRuleSets.default.type} ${waf.managedRuleSets.default.version}, Microsoft_BotManagerRuleSet ${waf.managedRuleSets.botManager.version}, ${waf.rateLimitPerIpPerMinute} requests/min per IP, body up to ${Math.ceil(requestBodyLimitBytes(requestBoundingModel(env), api.limits.maxRequestBodyKb) / 1024)} KB${countries}`,
    `  FD->>G: Private Link, origin group og-${geographyKey} (${failover}), probes ${PROBE_PATH} (the gateway's own health endpoint)`,
    `  Note over G: ${gatewaySteps(env, region).join(" → ")}`,
    `  Note over G: token limits per subscription: ${limits}`,
    `  G->>M: POST ${AZURE_ML_SCORING_PATH} (rewritten from ${chat}), VNet integration → private endpoint, token of ${names.managedIdentity("apiGateway")} for ${AZURE_ML_AUDIENCE}`,
    `  Note over M: ${AZURE_ML_SCORING_PATH} → the model server's scoring route ${env.modelServer.routes.scoring}, model ${release.model.name}:${release.model.version} of release ${release.id} mounted from the model asset`,
    `  M-->>G: completion and token usage`,
    "  G-->>FD: internal headers removed, response size checked",
    "  FD-->>C: response (never cached)",
    `  G-)L: ${names.applicationInsights()} (as ${names.managedIdentity("apiGateway")}), ${names.logAnalytics()} (${GATEWAY_LOG_CATEGORIES.join(" ")} only, never GatewayLlmLogs): status, latency, token metrics, headers ${LOGGED_HEADERS.join(" ")}, 0 bytes of any body`,
    `  FD-)L: ${logs.logAnalytics()}: access and WAF logs, query, body and credential values scrubbed`,
  ].join("\n");
}

/** The generated part of the page. */
function requestPathSection(env: Environment, geographyKey: string): string {
  return ["", "```mermaid", requestPathDiagram(env, geographyKey), "```", ""].join("\n");
}

/** `page` with the text between `start` and `end` (markers kept) replaced by `content`. */
function withSection(page: string, start: string, end: string, content: string): string {
  const from = page.indexOf(start);
  const to = page.indexOf(end, from);
  if (from < 0 || to < from) throw new Error(`the page has no generated section. Fix: put ${start} and ${end} where it belongs`);
  return page.slice(0, from + start.length) + content + page.slice(to);
}

/** `page` with its generated diagram replaced by the current one. */
export function withRequestPath(page: string, env: Environment, geographyKey: string): string {
  return withSection(page, PATH_START, PATH_END, `\n${requestPathSection(env, geographyKey)}\n`);
}

/** The markers of an environment's walked section. */
export function walkMarkers(environment: string): { readonly start: string; readonly end: string } {
  return { start: `<!-- request-path-walk:${environment}:start (generated from the synthesized Terraform by stacks/request-path.ts; do not edit) -->`, end: `<!-- request-path-walk:${environment}:end -->` };
}

const cell = (text: string) => text.replace(/\|/g, "\\|");

function hopTable(hops: readonly Hop[]): string[] {
  return ["| hop | what holds in the synthesized Terraform |", "|---|---|", ...hops.map((hop) => `| ${cell(hop.name)} | ${hop.facts.map(cell).join("<br>")} |`)];
}

function apiWalkText(path: ApiRequestPath): string[] {
  return [`#### ${path.request.hostname} → ${path.gateway} (${path.region}) → ${path.endpoint}`, "", `POST ${path.request.path}, deployments ${path.deployments.join(", ")}.`, "", ...hopTable(path.hops)];
}

/** A mermaid sequence diagram of a cluster request, from its walk (no semicolons: mermaid reads them as line breaks). */
export function clusterPathDiagram(path: ClusterRequestPath): string {
  const { request } = path;
  return [
    "sequenceDiagram",
    "  autonumber",
    `  participant C as Client in the hospital network (${request.environment})`,
    `  participant D as Private DNS ${path.zone}`,
    `  participant R as Router ${path.router} (Envoy, ${path.address})`,
    ...path.deployments.map((deployment, index) => `  participant M${index} as ${deployment.name} on pool ${deployment.pool} (${deployment.vmSize})`),
    `  participant S as Model store ${path.weights.source.split("/").slice(0, 2).join("/")}`,
    `  C->>D: ${request.hostname}`,
    `  D-->>C: ${path.address} (A record, zone linked to ${path.network})`,
    `  C->>R: HTTPS POST ${request.path}, Entra ID token for ${request.audience}`,
    "  Note over R: token checked (issuer, audience, signature) before anything is forwarded, body size limited",
    ...path.deployments.map((deployment, index) => `  R->>M${index}: ${deployment.weight} % of requests`),
    ...path.deployments.map((_deployment, index) => `  S-->>M${index}: at start: ${path.weights.source} copied as ${path.weights.identity} through the spoke's private endpoint, sha256 verified`),
    ...path.deployments.map((_deployment, index) => `  M${index}-->>R: completion`),
    "  R-->>C: response",
  ].join("\n");
}

function clusterWalkText(path: ClusterRequestPath): string[] {
  return [`#### ${path.request.hostname} → ${path.cluster}`, "", "```mermaid", clusterPathDiagram(path), "```", "", ...hopTable(path.hops)];
}

/** An environment's walked requests: the hops of every API host name and cluster, with the cluster's diagram. */
export function walkSection(walk: EnvironmentWalk): string {
  const parts = [...walk.api.map(apiWalkText), ...walk.cluster.map(clusterWalkText)];
  return ["", ...parts.flatMap((part, index) => (index === 0 ? part : ["", ...part])), ""].join("\n");
}

/** `page` with every walked environment's section replaced by the current walk. */
export function withWalkSections(page: string, walks: readonly EnvironmentWalk[]): string {
  return walks.reduce((current, walk) => {
    const { start, end } = walkMarkers(walk.environment);
    return withSection(current, start, end, `\n${walkSection(walk)}\n`);
  }, page);
}
