import { routerBootstrap, SDS_FILE, tlsSecretDocument, type RouterConfigProps } from "../../../constructs/model-serving/router-config";

const PROPS: RouterConfigProps = {
  listenPort: 8443,
  tlsDirectory: "/etc/model-router/tls",
  tlsFile: "tls.pem",
  jwt: { issuer: "https://login.microsoftonline.com/tenant-id/v2.0", jwksUri: "https://login.microsoftonline.com/tenant-id/discovery/v2.0/keys", audiences: ["api://fhi-clinical-model-pilot"] },
  backends: [
    { name: "blue", host: "model-blue.model-serving.svc.cluster.local", port: 8000, weight: 90, maxRequests: 16 },
    { name: "green", host: "model-green.model-serving.svc.cluster.local", port: 8000, weight: 10, maxRequests: 8 },
    { name: "grey", host: "model-grey.model-serving.svc.cluster.local", port: 8000, weight: 0, maxRequests: 8 },
  ],
  routes: [
    { method: "POST", path: "/v1/chat/completions" },
    { method: "POST", path: "/v1/completions" },
    { method: "GET", path: "/v1/models" },
  ],
  requestTimeoutMs: 90500,
  maxRequestBytes: 409600,
  healthPath: "/healthz",
};

const bootstrap = (props: RouterConfigProps = PROPS) => routerBootstrap(props, "/etc/model-router") as any;
const manager = (config = bootstrap()) => config.static_resources.listeners[0].filter_chains[0].filters[0].typed_config;
const filter = (name: string, config = bootstrap()) => manager(config).http_filters.find((candidate: { name: string }) => candidate.name === name);
const routes = () => manager().route_config.virtual_hosts[0].routes as any[];

/** Envoy's jwt_authn: the first rule whose match fits the request decides. */
function jwtRequirementFor(path: string): unknown {
  const rule = filter("envoy.filters.http.jwt_authn").typed_config.rules.find((candidate: { match: { path?: string; prefix?: string } }) =>
    candidate.match.path !== undefined ? candidate.match.path === path : path.startsWith(candidate.match.prefix!),
  );
  return rule?.requires;
}

test("every route that reaches a model needs an Entra ID token for the audience; only the health path does not", () => {
  const provider = filter("envoy.filters.http.jwt_authn").typed_config.providers["entra-id"];
  expect(provider).toMatchObject({ issuer: PROPS.jwt.issuer, audiences: ["api://fhi-clinical-model-pilot"], forward: false });
  expect(provider.remote_jwks.http_uri).toMatchObject({ uri: PROPS.jwt.jwksUri, cluster: "entra-id-keys" });
  for (const route of routes()) {
    const path = route.match.path ?? route.match.prefix;
    expect([path, jwtRequirementFor(path)]).toEqual([path, path === "/healthz" ? undefined : { provider_name: "entra-id" }]);
  }
  expect(jwtRequirementFor("/anything/else")).toEqual({ provider_name: "entra-id" });
});

test("the health path is answered by Envoy itself; unknown paths are 404 without reaching a model", () => {
  expect(routes()[0]).toEqual({ match: { path: "/healthz" }, direct_response: { status: 200, body: { inline_string: "ok" } } });
  expect(routes().at(-1)).toEqual({ match: { prefix: "/" }, direct_response: { status: 404 } });
});

test("each client route matches its method and splits by weight over every deployment (a 0 share may be raised through Flux), adding to 100", () => {
  const modelRoutes = routes().filter((route) => route.route);
  expect(modelRoutes.map((route) => [route.match.path, route.match.headers[0].string_match.exact])).toEqual([
    ["/v1/chat/completions", "POST"],
    ["/v1/completions", "POST"],
    ["/v1/models", "GET"],
  ]);
  for (const route of modelRoutes) {
    const clusters = route.route.weighted_clusters.clusters;
    expect(clusters).toEqual([{ name: "model-blue", weight: 90 }, { name: "model-green", weight: 10 }, { name: "model-grey", weight: 0 }]);
    expect(clusters.reduce((sum: number, cluster: { weight: number }) => sum + cluster.weight, 0)).toBe(100);
    expect(route.route.timeout).toBe("91s");
  }
});

test("tunable weights and the mirrored share are written as the Flux placeholders, checked against their configured values", () => {
  const tunable = { ...PROPS, backends: PROPS.backends.map((backend) => ({ ...backend, weight: { variable: `${backend.name.toUpperCase()}_TRAFFIC_PERCENT`, value: backend.weight as number } })), mirror: { backend: "grey", percent: { variable: "MIRROR_PERCENT", value: 20 } } };
  const route = (bootstrap(tunable).static_resources.listeners[0].filter_chains[0].filters[0].typed_config.route_config.virtual_hosts[0].routes as any[]).find((candidate) => candidate.route);
  expect(route.route.weighted_clusters.clusters).toEqual([
    { name: "model-blue", weight: "${BLUE_TRAFFIC_PERCENT}" },
    { name: "model-green", weight: "${GREEN_TRAFFIC_PERCENT}" },
    { name: "model-grey", weight: "${GREY_TRAFFIC_PERCENT}" },
  ]);
  // Envoy's shadowing: a copy to model-grey, answers discarded; the share out of a hundred is Flux's MIRROR_PERCENT.
  expect(route.route.request_mirror_policies).toEqual([{ cluster: "model-grey", runtime_fraction: { default_value: { numerator: "${MIRROR_PERCENT}", denominator: "HUNDRED" } } }]);
  expect(() => bootstrap({ ...tunable, backends: tunable.backends.map((backend) => (backend.name === "green" ? { ...backend, weight: { ...backend.weight, value: 5 } } : backend)) })).toThrow("backend weights add up to 95, not 100");
  expect(() => bootstrap({ ...PROPS, mirror: { backend: "purple", percent: 10 } })).toThrow('mirror names no backend "purple"');
});

test("no mirror policy without a mirror", () => {
  for (const route of routes().filter((candidate) => candidate.route)) expect(route.route).not.toHaveProperty("request_mirror_policies");
});

test("weights that do not add up to 100 are refused", () => {
  expect(() => bootstrap({ ...PROPS, backends: PROPS.backends.map((backend) => ({ ...backend, weight: backend.name === "green" ? 5 : backend.weight })) })).toThrow(
    "model router: backend weights add up to 95, not 100. Fix: give the deployments traffic shares that total 100",
  );
});

test("the token is checked before any body is buffered, and bodies are buffered up to the derived request limit", () => {
  expect(manager().http_filters.map((candidate: { name: string }) => candidate.name)).toEqual(["envoy.filters.http.jwt_authn", "envoy.filters.http.buffer", "envoy.filters.http.router"]);
  expect(filter("envoy.filters.http.buffer").typed_config.max_request_bytes).toBe(409600);
});

test("the admin interface listens on loopback only", () => {
  expect(bootstrap().admin).toEqual({ address: { socket_address: { address: "127.0.0.1", port_value: 9901 } } });
});

test("TLS 1.2 or later, with the certificate the CSI driver mounts, reloaded when it rotates", () => {
  const tls = bootstrap().static_resources.listeners[0].filter_chains[0].transport_socket.typed_config.common_tls_context;
  expect(tls.tls_params).toEqual({ tls_minimum_protocol_version: "TLSv1_2" });
  expect(tls.tls_certificate_sds_secret_configs[0].sds_config.path_config_source).toEqual({ path: `/etc/model-router/${SDS_FILE}`, watched_directory: { path: "/etc/model-router/tls" } });
  expect((tlsSecretDocument(PROPS) as any).resources[0].tls_certificate).toEqual({ certificate_chain: { filename: "/etc/model-router/tls/tls.pem" }, private_key: { filename: "/etc/model-router/tls/tls.pem" } });
});

test("the access log records method, path, status and timing, never a body or a header with credentials", () => {
  const format = manager().access_log[0].typed_config.log_format.json_format;
  expect(Object.values(format)).not.toContainEqual(expect.stringMatching(/BODY|AUTHORIZATION/i));
  expect(Object.keys(format).sort()).toEqual(["duration_ms", "method", "path", "request_id", "status", "upstream"]);
});

test("Entra ID's signing keys are fetched over TLS with the host name verified", () => {
  const keys = bootstrap().static_resources.clusters.find((cluster: { name: string }) => cluster.name === "entra-id-keys");
  expect(keys.transport_socket.typed_config).toMatchObject({ sni: "login.microsoftonline.com", common_tls_context: { validation_context: { match_typed_subject_alt_names: [{ san_type: "DNS", matcher: { exact: "login.microsoftonline.com" } }] } } });
});
