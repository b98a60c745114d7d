import { servedModelName } from "../../environments/schema/releases";
import { ENVIRONMENTS } from "../../environments";
import { loadEnvironments } from "../../stacks/synth";
import { synthesizedEstateForThisFile } from "../support/synthesized";
import { bodyChecks, child, names, parsePolicy, PRODUCT_INBOUND_ORDER, section } from "../constructs/api-gateway/policy-tree";

const synthesized = synthesizedEstateForThisFile();

const [prod] = loadEnvironments(["prod"]);
const api = prod.api!;
const EDGE = "prod-global-edge";
const GATEWAY_REGIONS = Object.values(api.geographies).flatMap((geography) => geography.regions);
const inStack = (stack: string, type: string) => synthesized.resources.filter(([name, resourceType]) => name === stack && resourceType === type).map(([, , , block]) => block);
const one = (stack: string, type: string) => {
  const found = inStack(stack, type);
  expect(found).toHaveLength(1);
  return found[0] as Record<string, any>;
};
const stackJson = (stack: string) => synthesized.estate.stacks.find((candidate) => candidate.stack === stack)!.json as unknown as { variable: Record<string, Record<string, unknown>> };
/** The cross-stack reference cdktf writes for a value published by another stack. */
const fromStack = (stack: string) => `data.terraform_remote_state.cross-stack-reference-input-${stack}.outputs.`;

test("only environments that declare api get gateway and edge stacks", () => {
  const stacks = synthesized.estate.stacks.map((stack) => stack.stack);
  for (const [name, env] of Object.entries(ENVIRONMENTS)) {
    const apiStacks = stacks.filter((stack) => stack.startsWith(`${name}-`) && /-(gateway|global-edge)$/.test(stack));
    expect(apiStacks.sort()).toEqual(env.api ? [EDGE, ...GATEWAY_REGIONS.map((region) => `prod-${region}-gateway`)].sort() : []);
  }
});

test("the edge is Front Door Premium with a Prevention WAF carrying the configured rule sets", () => {
  expect(one(EDGE, "azurerm_cdn_frontdoor_profile").sku_name).toBe("Premium_AzureFrontDoor");
  const waf = one(EDGE, "azurerm_cdn_frontdoor_firewall_policy");
  expect(waf.mode).toBe("Prevention");
  expect(waf.managed_rule.map((rule: any) => [rule.type, rule.version, rule.action])).toEqual([
    [api.waf.managedRuleSets.default.type, api.waf.managedRuleSets.default.version, "Block"],
    ["Microsoft_BotManagerRuleSet", api.waf.managedRuleSets.botManager.version, "Block"],
  ]);
  expect(waf.custom_rule.find((rule: any) => rule.type === "RateLimitRule").rate_limit_threshold).toBe(api.waf.rateLimitPerIpPerMinute);
});

test("the security policy covers every configured host name and the endpoint", () => {
  const domainIds = synthesized.resources
    .filter(([stack, type]) => stack === EDGE && (type === "azurerm_cdn_frontdoor_custom_domain" || type === "azurerm_cdn_frontdoor_endpoint"))
    .map(([, type, name]) => `\${${type}.${name}.id}`);
  const hostnames = inStack(EDGE, "azurerm_cdn_frontdoor_custom_domain").map((domain) => domain.host_name);
  expect(hostnames.sort()).toEqual(Object.values(api.geographies).flatMap((geography) => geography.hostnames).sort());
  const covered = one(EDGE, "azurerm_cdn_frontdoor_security_policy").security_policies.firewall.association.domain.map((domain: any) => domain.cdn_frontdoor_domain_id);
  expect(covered.sort()).toEqual(domainIds.sort());
});

test("each geography's origins are its own regions' gateways, reached over Private Link", () => {
  const groups = Object.fromEntries(synthesized.resources.filter(([stack, type]) => stack === EDGE && type === "azurerm_cdn_frontdoor_origin_group").map(([, type, name, block]) => [`\${${type}.${name}.id}`, block.name]));
  const origins = inStack(EDGE, "azurerm_cdn_frontdoor_origin") as Record<string, any>[];
  expect(origins).toHaveLength(GATEWAY_REGIONS.length);
  for (const [key, geography] of Object.entries(api.geographies)) {
    const own = origins.filter((origin) => groups[origin.cdn_frontdoor_origin_group_id] === `og-${key}`);
    expect(own.map((origin) => origin.private_link.location)).toEqual(geography.regions);
    for (const origin of own) {
      const gateway = `prod-${origin.private_link.location}-gateway`;
      expect(origin.private_link).toMatchObject({ target_type: "Gateway" });
      expect(origin.private_link.private_link_target_id).toContain(fromStack(gateway));
      expect(origin.host_name).toContain(fromStack(gateway));
    }
  }
});

test("Front Door probes API Management's own health endpoint over HTTPS, the only path every gateway answers", () => {
  for (const group of inStack(EDGE, "azurerm_cdn_frontdoor_origin_group")) {
    expect(group.health_probe).toEqual({ path: "/status-0123456789abcdef", protocol: "Https", request_type: "GET", interval_in_seconds: 30 });
  }
});

test("routes are HTTPS only towards the gateways and redirect HTTP", () => {
  for (const route of inStack(EDGE, "azurerm_cdn_frontdoor_route")) {
    expect(route).toMatchObject({ forwarding_protocol: "HttpsOnly", https_redirect_enabled: true, link_to_default_domain: false });
    expect(route).not.toHaveProperty("cache");
  }
});

describe.each(GATEWAY_REGIONS)("the gateway in %s", (region) => {
  const stack = `prod-${region}-gateway`;
  const endpoints = prod.regions.find((candidate) => candidate.location === region)!.endpoints;

  test("is in the region's API gateway subnet, private, TLS 1.2+ only, with the platform's gateway identity", () => {
    const apim = one(stack, "azurerm_api_management");
    // Public network access only in the pipeline's targeted first apply (stacks/deploy-contract.ts); false by default.
    expect(apim).toMatchObject({ public_network_access_enabled: "${var.creation_phase}", virtual_network_type: "External", client_certificate_enabled: false });
    expect(stackJson(stack).variable.creation_phase).toMatchObject({ type: "bool", default: false, nullable: false });
    expect(apim.virtual_network_configuration.subnet_id).toContain(fromStack(`prod-${region}-network`));
    expect(apim.identity.identity_ids[0]).toContain(fromStack(`prod-${region}-platform`));
    expect(apim.security).toMatchObject({ frontend_tls10_enabled: false, frontend_tls11_enabled: false, triple_des_ciphers_enabled: false });
  });

  test("calls each of the region's online endpoints on its documented scoring host, certificate checked", () => {
    const backends = inStack(stack, "azurerm_api_management_backend");
    expect(backends.map((backend) => backend.name)).toEqual(endpoints.map((endpoint) => `be-${endpoint.name}`));
    // Public cloud: https://<endpoint>.<region>.inference.ml.azure.com (Learn: concept-endpoints); the policy adds /score.
    expect(backends.map((backend) => backend.url)).toEqual(endpoints.map((endpoint) => `https://${endpoint.name}.${region}.inference.ml.azure.com`));
    for (const backend of backends) expect(backend.tls).toEqual({ validate_certificate_chain: true, validate_certificate_name: true });
  });

  test("offers chat completions, forwarded to the endpoint, and the model list, answered by the gateway itself", () => {
    const operations = inStack(stack, "azurerm_api_management_api_operation").map((operation) => [operation.method, operation.url_template, operation.operation_id]);
    expect(operations.sort()).toEqual([["GET", "/v1/models", "models"], ["POST", "/v1/chat/completions", "chat-completions"]]);
    const [models] = inStack(stack, "azurerm_api_management_api_operation_policy");
    expect(models.operation_id).toBe("models");
    const parsed = parsePolicy(String(models.xml_content));
    expect(names(section(parsed, "inbound"))).toEqual(["base", "return-response"]);
    expect(String(models.xml_content)).toContain(`&quot;id&quot;:&quot;${servedModelName(prod)}&quot;`);
  });

  test.each(api.products.map((product) => [product.name, product] as const))("product %s: policy XML in the required order with its own limits", (name, product) => {
    const policy = inStack(stack, "azurerm_api_management_product_policy").find((candidate) => String(candidate.product_id).includes(`product-${name}`));
    const parsed = parsePolicy(String(policy!.xml_content));
    expect(names(parsed)).toEqual(["inbound", "backend", "outbound", "on-error"]);
    const inbound = section(parsed, "inbound");
    expect(names(inbound)).toEqual(PRODUCT_INBOUND_ORDER);
    const jwt = child(inbound, "validate-jwt");
    expect(child(child(jwt, "audiences"), "audience").text).toBe(api.entraId.audience);
    expect(child(child(jwt, "issuers"), "issuer").text).toBe(`https://login.microsoftonline.com/${prod.tenantId}/v2.0`);
    expect(child(inbound, "llm-token-limit").attributes).toMatchObject({
      "tokens-per-minute": String(product.tokensPerMinute),
      "token-quota": String(product.monthlyTokenQuota),
      "token-quota-period": "Monthly",
    });
    expect(child(inbound, "llm-emit-token-metric").children.map((dimension) => dimension.attributes.name)).toEqual(["product", "subscription", "region"]);
    const identity = child(inbound, "authentication-managed-identity").attributes;
    expect(identity.resource).toBe("https://ml.azure.com");
    expect(identity["client-id"]).toContain(fromStack(`prod-${region}-platform`));
    expect(child(inbound, "set-backend-service").attributes["backend-id"]).toBe(`be-${endpoints[0].name}`);
    // An online endpoint forwards /score, and only /score, to the container's scoring route.
    expect(child(inbound, "rewrite-uri").attributes).toMatchObject({ template: "/score", "copy-unmatched-params": "false" });
    expect(child(child(bodyChecks(inbound), "choose"), "when").attributes.condition).toContain(`requested > ${prod.releases[prod.modelServer.release].model.maxModelLength}`);
    expect(names(section(parsed, "backend"))).toEqual(["retry"]);
    expect(names(child(section(parsed, "backend"), "retry"))).toEqual(["set-backend-service", "set-variable", "forward-request"]);
  });
});

test("no diagnostic anywhere in prod logs a request or response body", () => {
  const diagnostics = synthesized.resources.filter(([stack, type]) => stack.startsWith("prod-") && /^azurerm_api_management(_api)?_diagnostic$/.test(type));
  expect(diagnostics.length).toBeGreaterThanOrEqual(2 * GATEWAY_REGIONS.length);
  for (const [stack, , name, block] of diagnostics) {
    for (const direction of ["frontend_request", "frontend_response", "backend_request", "backend_response"]) {
      expect([stack, name, direction, (block[direction] as { body_bytes?: number } | undefined)?.body_bytes]).toEqual([stack, name, direction, 0]);
    }
  }
  for (const [, , , block] of synthesized.resources.filter(([stack, type]) => stack.startsWith("prod-") && type === "azurerm_api_management_subscription")) {
    expect(block.allow_tracing).toBe(false);
  }
});

test.each(GATEWAY_REGIONS)("the gateway in %s sends platform logs without the LLM logs, and telemetry with its identity", (region) => {
  const stack = `prod-${region}-gateway`;
  const setting = one(stack, "azurerm_monitor_diagnostic_setting");
  expect(setting.target_resource_id).toMatch(/^\$\{azurerm_api_management\./);
  expect(setting.enabled_log).toEqual([{ category: "GatewayLogs" }]);
  const logger = one(stack, "azapi_resource");
  expect(logger.body.properties.credentials.identityClientId).toContain(fromStack(`prod-${region}-platform`));
  expect(logger.sensitive_body.properties.credentials.connectionString).toMatch(/^\$\{data\.azurerm_application_insights\./);
});

test.each(GATEWAY_REGIONS)("the gateway identity in %s may score its region's endpoints and publish its region's telemetry, and nothing else", (region) => {
  const stack = `prod-${region}-gateway`;
  // The role is defined once per environment, by the operator in the bootstrap: the pipeline cannot define roles.
  const role = one("prod-bootstrap", "azurerm_role_definition");
  expect(role.permissions).toEqual([{ actions: [], data_actions: ["Microsoft.MachineLearningServices/workspaces/onlineEndpoints/score/action"] }]);
  expect(role).toMatchObject({ scope: `/subscriptions/${prod.subscriptionId}`, assignable_scopes: [`/subscriptions/${prod.subscriptionId}`] });
  const roleId = `/subscriptions/${prod.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role.role_definition_id}`;
  const assignments = inStack(stack, "azurerm_role_assignment");
  const telemetry = assignments.filter((assignment) => assignment.role_definition_name === "Monitoring Metrics Publisher");
  expect(telemetry).toHaveLength(1);
  expect(telemetry[0].scope).toContain(fromStack(`prod-${region}-network`));
  expect(telemetry[0].principal_id).toContain(fromStack(`prod-${region}-platform`));
  const scoring = assignments.filter((assignment) => !telemetry.includes(assignment));
  expect(scoring).toHaveLength(prod.regions.find((candidate) => candidate.location === region)!.endpoints.length);
  for (const assignment of scoring) {
    expect(assignment.role_definition_id).toBe(roleId);
    expect(assignment.scope).toContain(fromStack(`prod-${region}-inference`));
    expect(assignment.principal_id).toContain(fromStack(`prod-${region}-platform`));
  }
});
