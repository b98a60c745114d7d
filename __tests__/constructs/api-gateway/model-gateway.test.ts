import { Token, type IResolvable } from "cdktf";
import { GATEWAY_OPERATIONS, ModelGateway, MODEL_OPERATIONS, type ModelGatewayProps } from "../../../constructs/api-gateway/model-gateway";
import { APIM_RESOURCE_TYPES } from "../../../constructs/azapi/api-management";
import { PLACEMENT, SUBNET_ID, WORKSPACE_ID, ofType, ref, single, synthResources } from "../synth";
import { bodyChecks, child, names, parsePolicy, section } from "./policy-tree";

const APPI_ID = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Insights/components/appi-test";
const CONNECTION_STRING = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://swedencentral-0.in.applicationinsights.azure.com/";

const PROPS: ModelGatewayProps = {
  ...PLACEMENT,
  name: "apim-test",
  publisherName: "Clinical AI Platform",
  publisherEmail: "platform@hospital.example",
  subnetId: SUBNET_ID,
  identity: { id: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-gw", clientId: "gw-client-id", principalId: "gw-principal-id" },
  applicationInsights: { id: APPI_ID, connectionString: CONNECTION_STRING },
  backends: [{ name: "llm-eu", url: "https://llm-eu.swedencentral.inference.ml.azure.com" }],
  servedModel: "clinical-llm",
  maxCompletionTokens: 32768,
  jwt: { tenantId: "00000000-0000-0000-0000-0000000000cc", audiences: ["api://model"], authorityHost: "https://login.microsoftonline.com" },
  products: [
    { name: "standard", displayName: "Standard", tokensPerMinute: 1000, monthlyTokenQuota: 100000, subscriptions: [{ name: "clinic", displayName: "Clinic" }] },
    { name: "research", displayName: "Research", tokensPerMinute: 50, monthlyTokenQuota: 5000, approvalRequired: false },
  ],
  limits: { maxRequestBytes: 1024, maxResponseBytes: 4096 },
  diagnostics: { workspaceId: WORKSPACE_ID },
};

const gateway = (overrides: Partial<ModelGatewayProps> = {}) => synthResources((scope) => new ModelGateway(scope, "gateway", { ...PROPS, ...overrides }));
const resources = gateway();

test("API Management: v2 tier in the VNet, private by default, TLS 1.2+ with strong ciphers, its own identity, no client certs", () => {
  const apim = single(resources, "azurerm_api_management");
  expect(apim).toMatchObject({
    sku_name: "StandardV2_1",
    public_network_access_enabled: false,
    virtual_network_type: "External",
    virtual_network_configuration: { subnet_id: SUBNET_ID },
    client_certificate_enabled: false,
    identity: { type: "UserAssigned", identity_ids: [PROPS.identity.id] },
  });
  const security = apim.security as Record<string, boolean>;
  for (const key of ["frontend_tls10_enabled", "frontend_tls11_enabled", "backend_tls10_enabled", "backend_tls11_enabled", "frontend_ssl30_enabled", "backend_ssl30_enabled", "triple_des_ciphers_enabled"]) {
    expect([key, security[key]]).toEqual([key, false]);
  }
  expect(Object.entries(security).filter(([key, value]) => /cbc|tls_rsa/.test(key) && value !== false)).toEqual([]);
});

test("no portal block a v2 tier refuses after its long create (azurerm 4.55: sign_up, sign_in, delegation, tenant_access)", () => {
  const apim = single(resources, "azurerm_api_management");
  for (const block of ["sign_up", "sign_in", "delegation", "tenant_access"]) expect(apim).not.toHaveProperty(block);
});

test("public network access follows what the stack passes: the creation-phase variable", () => {
  const apim = single(gateway({ publicNetworkAccessEnabled: Token.asAny("${var.creation_phase}") as IResolvable }), "azurerm_api_management");
  expect(apim.public_network_access_enabled).toBe("${var.creation_phase}");
});

test("no diagnostic logs a body, on any sink or direction, and only allow-listed headers", () => {
  const diagnostics = ofType(resources, "azurerm_api_management_diagnostic");
  expect(diagnostics.map((diagnostic) => diagnostic.values.identifier).sort()).toEqual(["applicationinsights", "azuremonitor"]);
  for (const { values } of diagnostics) {
    expect(values.log_client_ip).toBe(false);
    for (const direction of ["frontend_request", "frontend_response", "backend_request", "backend_response"]) {
      expect([direction, values[direction].body_bytes]).toEqual([direction, 0]);
      expect(values[direction].headers_to_log).not.toContain("Authorization");
      expect(values[direction].headers_to_log).not.toContain("Ocp-Apim-Subscription-Key");
    }
  }
});

test("each online endpoint is a backend with a circuit breaker on 429 and 5xx and full TLS validation", () => {
  expect(single(resources, "azurerm_api_management_backend")).toMatchObject({
    name: "be-llm-eu",
    url: "https://llm-eu.swedencentral.inference.ml.azure.com",
    tls: { validate_certificate_chain: true, validate_certificate_name: true },
    circuit_breaker_rule: { failure_condition: { status_code_range: [{ min: 429, max: 429 }, { min: 500, max: 599 }] } },
  });
});

test("one API, over HTTPS with a subscription: chat completions goes to the model, GET /v1/models the gateway answers itself", () => {
  const apis = ofType(resources, "azurerm_api_management_api").map(({ values }) => values);
  expect(apis).toHaveLength(1);
  expect(apis[0]).toMatchObject({ path: "model", protocols: ["https"], subscription_required: true });
  const routes = ofType(resources, "azurerm_api_management_api_operation").map(({ values }) => `${values.method} ${values.url_template}`);
  expect(routes.sort()).toEqual(["GET /v1/models", "POST /v1/chat/completions"]);
  expect([...MODEL_OPERATIONS, ...GATEWAY_OPERATIONS].map((operation) => `${operation.method} ${operation.urlTemplate}`).sort()).toEqual(routes.sort());
  // No anonymous route: Front Door probes API Management's own status endpoint.
  expect(apis.filter((api) => api.subscription_required === false)).toEqual([]);

  const [models] = ofType(resources, "azurerm_api_management_api_operation_policy");
  expect(models.values.operation_id).toBe("models");
  const answer = child(section(parsePolicy(models.values.xml_content), "inbound"), "return-response");
  expect(JSON.parse(child(answer, "set-body").text!).data).toEqual([{ id: "clinical-llm", object: "model", owned_by: "clinical-ai-platform" }]);
});

test("every product sends the model call to /score, the one path an online endpoint forwards, unless told otherwise", () => {
  const rewrites = (built: typeof resources) =>
    ofType(built, "azurerm_api_management_product_policy").map(({ values }) => child(section(parsePolicy(values.xml_content), "inbound"), "rewrite-uri").attributes.template);
  expect(rewrites(resources)).toEqual(["/score", "/score"]);
  expect(rewrites(gateway({ scoringPath: "/v1/chat/completions" }))).toEqual(["/v1/chat/completions", "/v1/chat/completions"]);
  const when = child(child(bodyChecks(section(parsePolicy(ofType(resources, "azurerm_api_management_product_policy")[0].values.xml_content), "inbound")), "choose"), "when");
  expect(when.attributes.condition).toContain("requested > 32768;");
});

test("the model API refuses calls that come with no product (the built-in all-APIs key)", () => {
  const policy = ofType(resources, "azurerm_api_management_api_policy").find(({ values }) => !String(values.xml_content).includes("rewrite-uri"))!;
  const when = child(child(section(parsePolicy(policy.values.xml_content), "inbound"), "choose"), "when");
  expect(when.attributes.condition).toBe("@(context.Product == null)");
  expect(child(child(when, "return-response"), "set-status").attributes.code).toBe("403");
});

test("each product has its own token limit in its policy, approval by default, and subscriptions that cannot trace", () => {
  const products = Object.fromEntries(ofType(resources, "azurerm_api_management_product").map(({ values }) => [values.product_id, values]));
  expect(products.standard).toMatchObject({ approval_required: true, subscription_required: true, published: true });
  expect(products.research.approval_required).toBe(false);
  const limits = ofType(resources, "azurerm_api_management_product_policy").map(({ values }) => {
    const inbound = section(parsePolicy(values.xml_content), "inbound");
    expect(names(inbound).indexOf("validate-jwt")).toBeLessThan(names(inbound).indexOf("llm-token-limit"));
    return child(inbound, "llm-token-limit").attributes["tokens-per-minute"];
  });
  expect(limits.sort()).toEqual(["1000", "50"]);
  expect(single(resources, "azurerm_api_management_subscription")).toMatchObject({ subscription_id: "standard-clinic", allow_tracing: false, state: "active" });
});

test("the gateway's platform logs go to Log Analytics: gateway request logs only, never the LLM logs or a category group", () => {
  const setting = single(resources, "azurerm_monitor_diagnostic_setting");
  expect(setting).toMatchObject({ log_analytics_workspace_id: WORKSPACE_ID });
  expect(setting.enabled_log).toEqual([{ category: "GatewayLogs" }]);
});

test("the logger sends to Application Insights with the gateway's identity, which may publish there and nowhere else", () => {
  const [logger] = ofType(resources, "azapi_resource");
  expect(logger.values).toMatchObject({
    type: APIM_RESOURCE_TYPES.logger,
    name: "application-insights",
    body: { properties: { loggerType: "applicationInsights", resourceId: APPI_ID, credentials: { identityClientId: "gw-client-id" } } },
    sensitive_body: { properties: { credentials: { connectionString: CONNECTION_STRING } } },
  });
  expect(logger.values.parent_id).toBe(ref(ofType(resources, "azurerm_api_management")[0]));
  // The connection string goes only in the write-only body, which Terraform does not keep in state.
  expect(JSON.stringify(logger.values.body)).not.toContain("InstrumentationKey");
  expect(ofType(resources, "azurerm_api_management_logger")).toEqual([]);

  const [grant] = ofType(resources, "azurerm_role_assignment");
  expect(grant.values).toMatchObject({ scope: APPI_ID, principal_id: "gw-principal-id", role_definition_name: "Monitoring Metrics Publisher", principal_type: "ServicePrincipal" });
  const [wait] = ofType(resources, "time_sleep");
  expect(wait.values.depends_on).toEqual([`azurerm_role_assignment.${grant.name}`]);
  expect(logger.values.depends_on).toEqual([`time_sleep.${wait.name}`]);
  const diagnostic = ofType(resources, "azurerm_api_management_diagnostic").find(({ values }) => values.identifier === "applicationinsights")!;
  expect(diagnostic.values.api_management_logger_id).toBe(ref(logger));
});

test("a gateway without backends is refused", () => {
  expect(() => gateway({ backends: [] })).toThrow(/at least one backend/);
});
