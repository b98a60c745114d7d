import { GlobalEdge, type GlobalEdgeProps } from "../../../constructs/front-door/global-edge";
import { BOT_MANAGER_RULE_SET } from "../../../constructs/front-door/waf-policy";
import { WORKSPACE_ID, ofType, ref, single, synthResources } from "../synth";

const gatewayId = (region: string) => `/subscriptions/0/resourceGroups/rg-${region}/providers/Microsoft.ApiManagement/service/apim-${region}`;
const origin = (region: string) => ({ name: region, hostName: `apim-${region}.azure-api.net`, privateLinkTargetId: gatewayId(region), location: region });

const PROPS: GlobalEdgeProps = {
  profileName: "afd-test",
  endpointName: "fde-test",
  resourceGroupName: "rg-edge",
  geographies: [
    { key: "us", hostnames: ["us.api.example.org"], origins: [origin("eastus2")] },
    { key: "eu", hostnames: ["eu.api.example.org", "api.example.eu"], origins: [origin("swedencentral")] },
  ],
  healthProbePath: "/probe/ready",
  waf: { name: "waftest", rateLimitPerIpPerMinute: 600, maxRequestBodyBytes: 262144 },
  diagnostics: { workspaceId: WORKSPACE_ID },
};

const edge = (overrides: Partial<GlobalEdgeProps> = {}) => synthResources((scope) => new GlobalEdge(scope, "edge", { ...PROPS, ...overrides }));
const resources = edge();

test("Front Door Premium, with query arguments scrubbed from its logs, which go to Log Analytics", () => {
  expect(single(resources, "azurerm_cdn_frontdoor_profile")).toMatchObject({ sku_name: "Premium_AzureFrontDoor", log_scrubbing_rule: [{ match_variable: "QueryStringArgNames" }] });
  expect(single(resources, "azurerm_monitor_diagnostic_setting")).toMatchObject({ log_analytics_workspace_id: WORKSPACE_ID, enabled_log: [{ category_group: "allLogs" }] });
});

test("WAF: Prevention, default and bot manager rule sets blocking, bodies inspected, rate limit and size limit, logs scrubbed", () => {
  const waf = single(resources, "azurerm_cdn_frontdoor_firewall_policy");
  expect(waf).toMatchObject({ sku_name: "Premium_AzureFrontDoor", mode: "Prevention", enabled: true, request_body_check_enabled: true });
  expect(waf.managed_rule).toEqual([
    { type: "Microsoft_DefaultRuleSet", version: "2.1", action: "Block" },
    { type: BOT_MANAGER_RULE_SET, version: "1.1", action: "Block" },
  ]);
  expect(waf.custom_rule.map((rule: { name: string }) => rule.name)).toEqual(["RequestTooLarge", "RateLimitPerClientIp"]);
  expect(waf.custom_rule[1]).toMatchObject({ type: "RateLimitRule", rate_limit_threshold: 600, rate_limit_duration_in_minutes: 1, action: "Block" });
  expect(waf.custom_rule[0].match_condition[0]).toMatchObject({ match_variable: "RequestHeader", selector: "Content-Length", operator: "GreaterThan", match_values: ["262144"] });
  expect(waf.log_scrubbing.scrubbing_rule.map((rule: { match_variable: string }) => rule.match_variable)).toEqual(
    expect.arrayContaining(["RequestBodyJsonArgNames", "RequestBodyPostArgNames", "QueryStringArgNames"]),
  );
});

test("a country allow-list becomes a geo filter that blocks every other country first", () => {
  const waf = single(edge({ waf: { ...PROPS.waf, allowedCountries: ["SE", "US"] } }), "azurerm_cdn_frontdoor_firewall_policy");
  expect(waf.custom_rule[0]).toMatchObject({
    name: "AllowedCountriesOnly",
    action: "Block",
    match_condition: [{ match_variable: "RemoteAddr", operator: "GeoMatch", negation_condition: true, match_values: ["SE", "US"] }],
  });
});

test("the security policy binds the WAF to every custom domain and the endpoint", () => {
  const domains = [...ofType(resources, "azurerm_cdn_frontdoor_custom_domain"), ...ofType(resources, "azurerm_cdn_frontdoor_endpoint")].map((resource) => ref(resource));
  const policy = single(resources, "azurerm_cdn_frontdoor_security_policy");
  expect(policy.security_policies.firewall.cdn_frontdoor_firewall_policy_id).toBe(ref(ofType(resources, "azurerm_cdn_frontdoor_firewall_policy")[0]));
  expect(policy.security_policies.firewall.association.domain.map((domain: { cdn_frontdoor_domain_id: string }) => domain.cdn_frontdoor_domain_id).sort()).toEqual(domains.sort());
});

test("custom domains use managed certificates and TLS 1.2", () => {
  const domains = ofType(resources, "azurerm_cdn_frontdoor_custom_domain").map(({ values }) => values);
  expect(domains.map((domain) => domain.host_name).sort()).toEqual(["api.example.eu", "eu.api.example.org", "us.api.example.org"]);
  for (const domain of domains) expect(domain.tls).toEqual({ certificate_type: "ManagedCertificate", minimum_tls_version: "TLS12" });
});

test("routes forward HTTPS only, redirect HTTP, never cache, and serve only their geography's domains", () => {
  const routes = ofType(resources, "azurerm_cdn_frontdoor_route");
  expect(routes).toHaveLength(2);
  for (const { values } of routes) {
    expect(values).toMatchObject({ forwarding_protocol: "HttpsOnly", https_redirect_enabled: true, supported_protocols: ["Http", "Https"], link_to_default_domain: false });
    expect(values).not.toHaveProperty("cache");
  }
  const eu = routes.find(({ values }) => values.name === "route-eu")!.values;
  const euDomains = ofType(resources, "azurerm_cdn_frontdoor_custom_domain").filter(({ values }) => values.host_name !== "us.api.example.org");
  expect(eu.cdn_frontdoor_custom_domain_ids.sort()).toEqual(euDomains.map((domain) => ref(domain)).sort());
});

test("each geography's origin group probes the readiness path and holds only its own gateways, over Private Link", () => {
  const groups = ofType(resources, "azurerm_cdn_frontdoor_origin_group");
  for (const { values } of groups) expect(values.health_probe).toMatchObject({ protocol: "Https", path: "/probe/ready", request_type: "GET" });
  const origins = ofType(resources, "azurerm_cdn_frontdoor_origin");
  expect(origins).toHaveLength(2);
  for (const { values } of origins) {
    expect(values.private_link).toMatchObject({ target_type: "Gateway", private_link_target_id: gatewayId(values.private_link.location) });
    expect(values.certificate_name_check_enabled).toBe(true);
  }
  const euGroup = ref(groups.find(({ values }) => values.name === "og-eu")!);
  expect(origins.filter(({ values }) => values.cdn_frontdoor_origin_group_id === euGroup).map(({ values }) => values.private_link.location)).toEqual(["swedencentral"]);
});

test("failover into another geography adds its gateways at a lower priority only", () => {
  const geographies = [PROPS.geographies[0], { ...PROPS.geographies[1], failoverOrigins: [origin("eastus2")] }];
  const origins = ofType(edge({ geographies }), "azurerm_cdn_frontdoor_origin").map(({ values }) => [values.name, values.private_link.location, values.priority]);
  expect(origins).toEqual(expect.arrayContaining([["origin-swedencentral", "swedencentral", 1], ["origin-eastus2", "eastus2", 2]]));
  expect(origins).toHaveLength(3);
});

test("a WAF policy name Front Door would reject is refused at synth", () => {
  expect(() => edge({ waf: { ...PROPS.waf, name: "waf-test" } })).toThrow(/letters and digits/);
});
