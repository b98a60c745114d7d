import { renderPolicy, RETRY_STATUS_CODES, validateJwt } from "../../../constructs/api-gateway/policy-xml";
import { CLIENT_CREDENTIAL_HEADERS, INTERNAL_RESPONSE_HEADERS, modelListPolicy, productPolicy, type ProductPolicyOptions } from "../../../constructs/api-gateway/model-policies";
import { bodyChecks, child, names, parsePolicy, PRODUCT_INBOUND_ORDER, section } from "./policy-tree";

const TENANT = "00000000-0000-0000-0000-0000000000cc";
const OPTIONS: ProductPolicyOptions = {
  jwt: { tenantId: TENANT, audiences: ["api://fhi-clinical-model"], authorityHost: "https://login.microsoftonline.com/" },
  tokens: { tokensPerMinute: 20000, monthlyTokenQuota: 200000000 },
  target: { backendIds: ["be-blue", "be-green"], audience: "https://ml.azure.com", identityClientId: "client-id-of-gateway", timeoutSeconds: 90, scoringPath: "/score" },
  maxRequestBytes: 262144,
  maxResponseBytes: 1048576,
  maxCompletionTokens: 32768,
};
const policy = parsePolicy(renderPolicy(productPolicy(OPTIONS)));

test("sections come in the order API Management requires, each inheriting its parent except a self-forwarding backend", () => {
  expect(names(policy)).toEqual(["inbound", "backend", "outbound", "on-error"]);
  expect(names(section(policy, "inbound"))[0]).toBe("base");
  expect(names(section(policy, "outbound"))[0]).toBe("base");
  expect(names(section(policy, "on-error"))[0]).toBe("base");
  expect(names(section(policy, "backend"))).toEqual(["retry"]);
});

test("inbound authenticates, limits, meters, drops the client key and re-authenticates, in that order", () => {
  expect(names(section(policy, "inbound"))).toEqual(PRODUCT_INBOUND_ORDER);
});

test("validate-jwt accepts only signed, expiring Entra ID v2 tokens of our tenant for our audience", () => {
  const jwt = child(section(policy, "inbound"), "validate-jwt");
  expect(jwt.attributes).toMatchObject({ "header-name": "Authorization", "failed-validation-httpcode": "401", "require-signed-tokens": "true", "require-expiration-time": "true" });
  expect(names(jwt)).toEqual(["openid-config", "audiences", "issuers"]);
  expect(child(jwt, "openid-config").attributes.url).toBe(`https://login.microsoftonline.com/${TENANT}/v2.0/.well-known/openid-configuration`);
  expect(child(jwt, "audiences").children.map((audience) => audience.text)).toEqual(["api://fhi-clinical-model"]);
  expect(child(jwt, "issuers").children.map((issuer) => issuer.text)).toEqual([`https://login.microsoftonline.com/${TENANT}/v2.0`]);
});

test("the token limit counts per subscription, per minute and per month, from the product's numbers", () => {
  expect(child(section(policy, "inbound"), "llm-token-limit").attributes).toEqual({
    "counter-key": "@(context.Subscription.Id)",
    "tokens-per-minute": "20000",
    "token-quota": "200000000",
    "token-quota-period": "Monthly",
    "estimate-prompt-tokens": "false",
    "remaining-tokens-header-name": "x-ratelimit-remaining-tokens",
  });
});

test("token metrics carry product, subscription and region only: nothing read from the request or response", () => {
  const metric = child(section(policy, "inbound"), "llm-emit-token-metric");
  expect(metric.children.map((dimension) => dimension.attributes.name)).toEqual(["product", "subscription", "region"]);
  for (const dimension of metric.children) expect(dimension.attributes.value).not.toMatch(/Body|Headers|Url|Query/);
});

test("the gateway calls the model with its own identity for the Azure ML audience, starting at the first backend", () => {
  const inbound = section(policy, "inbound");
  expect(child(inbound, "authentication-managed-identity").attributes).toEqual({ resource: "https://ml.azure.com", "client-id": "client-id-of-gateway" });
  expect(child(inbound, "set-backend-service").attributes).toEqual({ "backend-id": "be-blue" });
  expect(inbound.children.filter((node) => node.name === "set-header").map((node) => node.attributes)).toEqual(
    CLIENT_CREDENTIAL_HEADERS.map((name) => ({ name, "exists-action": "delete" })),
  );
});

test("429 and 503 are retried on the next backend, with the body buffered for the retry", () => {
  const retry = child(section(policy, "backend"), "retry");
  for (const code of RETRY_STATUS_CODES) expect(retry.attributes.condition).toContain(`context.Response.StatusCode == ${code}`);
  expect(retry.attributes.count).toBe("1");
  expect(names(retry)).toEqual(["set-backend-service", "set-variable", "forward-request"]);
  expect(child(retry, "set-backend-service").attributes["backend-id"]).toBe('@(new [] { "be-blue", "be-green" }[context.Variables.GetValueOrDefault<int>("backendAttempt", 0) % 2])');
  expect(child(retry, "forward-request").attributes).toEqual({ timeout: "90", "buffer-request-body": "true" });
});

test("responses and errors lose every internal header; responses are size-checked", () => {
  const outbound = section(policy, "outbound");
  const deleted = (node: typeof outbound) => node.children.filter((entry) => entry.name === "set-header").map((entry) => [entry.attributes.name, entry.attributes["exists-action"]]);
  expect(deleted(outbound)).toEqual(INTERNAL_RESPONSE_HEADERS.map((name) => [name, "delete"]));
  expect(deleted(section(policy, "on-error"))).toEqual(INTERNAL_RESPONSE_HEADERS.map((name) => [name, "delete"]));
  expect(child(outbound, "validate-content").attributes).toMatchObject({ "max-size": "1048576", "size-exceeded-action": "prevent" });
  expect(child(bodyChecks(section(policy, "inbound")), "validate-content").attributes).toMatchObject({ "max-size": "262144", "size-exceeded-action": "prevent" });
});

test("the request is sent to the endpoint's scoring path, whatever route the client called, without its query", () => {
  const inbound = section(policy, "inbound");
  expect(names(inbound).at(-1)).toBe("rewrite-uri");
  expect(child(inbound, "rewrite-uri").attributes).toEqual({ template: "/score", "copy-unmatched-params": "false" });
  const elsewhere = parsePolicy(renderPolicy(productPolicy({ ...OPTIONS, target: { ...OPTIONS.target, scoringPath: "/v1/chat/completions" } })));
  expect(child(section(elsewhere, "inbound"), "rewrite-uri").attributes.template).toBe("/v1/chat/completions");
});

test("a request asking for more completion tokens than the model's context is answered 400 before any limit is counted", () => {
  const inbound = section(policy, "inbound");
  expect(names(inbound).indexOf("choose")).toBeLessThan(names(inbound).indexOf("llm-token-limit"));
  expect(names(bodyChecks(inbound))).toEqual(["validate-content", "choose"]);
  const when = child(child(bodyChecks(inbound), "choose"), "when");
  expect(when.attributes.condition).toContain('body?["max_completion_tokens"] ?? body?["max_tokens"]');
  expect(when.attributes.condition).toContain("requested > 32768;");
  expect(when.attributes.condition).toContain("preserveContent: true");
  const answer = child(when, "return-response");
  expect(child(answer, "set-status").attributes).toEqual({ code: "400", reason: "Bad Request" });
  expect(JSON.parse(child(answer, "set-body").text!)).toEqual({ error: { type: "invalid_request_error", message: "max_completion_tokens is above the model's context of 32768 tokens" } });
});

test("GET /v1/models is answered by the gateway from configuration: the served model, in the OpenAI list form, nothing forwarded", () => {
  const list = parsePolicy(renderPolicy(modelListPolicy("clinical-llm")));
  const inbound = section(list, "inbound");
  expect(names(inbound)).toEqual(["base", "return-response"]);
  const answer = child(inbound, "return-response");
  expect(child(answer, "set-status").attributes.code).toBe("200");
  expect(child(child(answer, "set-header"), "value").text).toBe("application/json");
  expect(JSON.parse(child(answer, "set-body").text!)).toEqual({ object: "list", data: [{ id: "clinical-llm", object: "model", owned_by: "clinical-ai-platform" }] });
  // The backend section only inherits: the product's retry never runs, since return-response ends the request.
  expect(names(section(list, "backend"))).toEqual(["base"]);
});

test("values with quotes, ampersands and angle brackets survive as the same text", () => {
  const tricky = 'api://a"b&c<d>';
  const xml = renderPolicy({ inbound: [validateJwt({ tenantId: TENANT, audiences: [tricky], authorityHost: "https://login.microsoftonline.com" })], backend: [], outbound: [], onError: [] });
  expect(child(child(child(section(parsePolicy(xml), "inbound"), "validate-jwt"), "audiences"), "audience").text).toBe(tricky);
  expect(names(section(parsePolicy(xml), "backend"))).toEqual(["base"]);
});

test("a gateway without a backend is refused", () => {
  expect(() => productPolicy({ ...OPTIONS, target: { ...OPTIONS.target, backendIds: [] } })).toThrow(/at least one backend/);
});
