/**
 * The model router's Envoy configuration (envoyproxy.io, API v3): TLS with the certificate Key Vault's CSI driver
 * mounts, Entra ID access tokens checked by Envoy's JWT filter before anything is forwarded, and the endpoint's
 * routes split between its deployments by weight. Rendered from typed props so that a test can read every decision.
 */

export interface RouterJwt {
  /** Token issuer, e.g. https://login.microsoftonline.com/<tenant>/v2.0. */
  readonly issuer: string;
  /** Where the issuer's signing keys are published, e.g. https://login.microsoftonline.com/<tenant>/discovery/v2.0/keys. */
  readonly jwksUri: string;
  readonly audiences: readonly string[];
}

/**
 * A number in Envoy's config, fixed or tunable: a tunable one is written as a `${variable}` placeholder that Flux's
 * post-build substitution replaces (with `value` at synth time), so on-call changes it through ARM alone. Envoy reads
 * its YAML as protobuf JSON, which accepts a uint32 written as a string (protobuf's JSON mapping: "int32, fixed32,
 * uint32 ... Either numbers or strings are accepted"), so the placeholder stays valid YAML before and after.
 */
export type TunableNumber = number | { readonly variable: string; readonly value: number };

/** The number as the config holds it: the number, or the placeholder Flux fills in. */
export function renderTunable(number: TunableNumber): number | string {
  return typeof number === "number" ? number : `\${${number.variable}}`;
}

/** The number's value as configured (the variable's value at synth time). */
export function tunableValue(number: TunableNumber): number {
  return typeof number === "number" ? number : number.value;
}

export interface RouterBackend {
  /** Deployment name (blue, green): the Envoy cluster is `model-<name>`. */
  readonly name: string;
  /** In-cluster DNS name of the deployment's Service. */
  readonly host: string;
  readonly port: number;
  /** Share of requests, 0-100; the backends add up to 100. */
  readonly weight: TunableNumber;
  /** Requests the deployment takes at once across its largest scale-out; more wait in Envoy or get 503. */
  readonly maxRequests: number;
}

export interface RouterConfigProps {
  readonly listenPort: number;
  /** Directory where the CSI driver mounts the PEM with certificate chain and private key. */
  readonly tlsDirectory: string;
  readonly tlsFile: string;
  readonly jwt: RouterJwt;
  readonly backends: readonly RouterBackend[];
  /** The routes clients may call; anything else is 404 without reaching a model. */
  readonly routes: readonly { readonly method: "GET" | "POST"; readonly path: string }[];
  readonly requestTimeoutMs: number;
  readonly maxRequestBytes: number;
  /** Path of Envoy's own readiness answer for the load balancer and kubelet probes; not authenticated, never forwarded. */
  readonly healthPath: string;
  /**
   * A copy of `percent` % of the routed requests goes to `backend` too; its answers are discarded (shadow traffic).
   * @default no mirroring
   */
  readonly mirror?: { readonly backend: string; readonly percent: TunableNumber };
}

const JWKS_CLUSTER = "entra-id-keys";
const TLS_SECRET = "model-router-tls";

/** Path of the file-based SDS document the bootstrap points at, relative to the config directory. */
export const SDS_FILE = "tls-sds.yaml";

function jwksCluster(jwksUri: string): object {
  const { hostname } = new URL(jwksUri);
  return {
    name: JWKS_CLUSTER,
    type: "LOGICAL_DNS",
    dns_lookup_family: "V4_ONLY",
    connect_timeout: "5s",
    load_assignment: { cluster_name: JWKS_CLUSTER, endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: hostname, port_value: 443 } } } }] }] },
    transport_socket: {
      name: "envoy.transport_sockets.tls",
      typed_config: {
        "@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext",
        sni: hostname,
        common_tls_context: {
          validation_context: { trusted_ca: { filename: "/etc/ssl/certs/ca-certificates.crt" }, match_typed_subject_alt_names: [{ san_type: "DNS", matcher: { exact: hostname } }] },
        },
      },
    },
  };
}

function backendCluster(backend: RouterBackend): object {
  const name = `model-${backend.name}`;
  return {
    name,
    type: "STRICT_DNS",
    connect_timeout: "5s",
    lb_policy: "LEAST_REQUEST",
    // Beyond what the replicas can batch, requests are refused at once instead of queueing behind a full GPU.
    circuit_breakers: { thresholds: [{ max_requests: backend.maxRequests, max_pending_requests: backend.maxRequests }] },
    load_assignment: { cluster_name: name, endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: backend.host, port_value: backend.port } } } }] }] },
  };
}

function jwtFilter(jwt: RouterJwt, healthPath: string): object {
  return {
    name: "envoy.filters.http.jwt_authn",
    typed_config: {
      "@type": "type.googleapis.com/envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication",
      providers: {
        "entra-id": {
          issuer: jwt.issuer,
          audiences: [...jwt.audiences],
          remote_jwks: { http_uri: { uri: jwt.jwksUri, cluster: JWKS_CLUSTER, timeout: "5s" }, cache_duration: "600s", async_fetch: { fast_listener: false } },
          // The caller's token stops here: the model server never sees a credential.
          forward: false,
        },
      },
      rules: [
        { match: { path: healthPath } },
        { match: { prefix: "/" }, requires: { provider_name: "entra-id" } },
      ],
    },
  };
}

/**
 * Envoy's shadowing: "fire and forget", it "will not wait for the shadow cluster to respond before returning the
 * response from the primary cluster" and appends `-shadow` to the Host (envoy api v3 route_components.proto,
 * RouteAction.RequestMirrorPolicy). `runtime_fraction` without a runtime key is the share mirrored.
 */
function mirrorPolicies(mirror: RouterConfigProps["mirror"]): object {
  if (!mirror) return {};
  return { request_mirror_policies: [{ cluster: `model-${mirror.backend}`, runtime_fraction: { default_value: { numerator: renderTunable(mirror.percent), denominator: "HUNDRED" } } }] };
}

function routeConfig(props: RouterConfigProps): object {
  const timeout = `${Math.ceil(props.requestTimeoutMs / 1000)}s`;
  // Every deployment is listed, at 0 too: its share is a Flux variable on-call may raise. Envoy needs only the sum of
  // the weights to be above 0 (route_components.proto, WeightedCluster.ClusterWeight.weight).
  const split = {
    weighted_clusters: { clusters: props.backends.map((backend) => ({ name: `model-${backend.name}`, weight: renderTunable(backend.weight) })) },
    timeout,
    ...mirrorPolicies(props.mirror),
  };
  return {
    name: "model",
    virtual_hosts: [
      {
        name: "model",
        domains: ["*"],
        routes: [
          { match: { path: props.healthPath }, direct_response: { status: 200, body: { inline_string: "ok" } } },
          ...props.routes.map((route) => ({
            match: { path: route.path, headers: [{ name: ":method", string_match: { exact: route.method } }] },
            route: split,
          })),
          { match: { prefix: "/" }, direct_response: { status: 404 } },
        ],
      },
    ],
  };
}

/** Envoy's bootstrap: one TLS listener, the JWT check, the routes, and the clusters of the model and the key set. */
export function routerBootstrap(props: RouterConfigProps, configDirectory: string): object {
  const total = props.backends.reduce((sum, backend) => sum + tunableValue(backend.weight), 0);
  if (total !== 100) throw new Error(`model router: backend weights add up to ${total}, not 100. Fix: give the deployments traffic shares that total 100`);
  if (props.mirror && !props.backends.some((backend) => backend.name === props.mirror!.backend)) {
    throw new Error(`model router: mirror names no backend "${props.mirror.backend}". Fix: mirror one of ${props.backends.map((backend) => backend.name).join(", ")}`);
  }
  return {
    // The admin interface answers on loopback only: nothing outside the pod can read stats or change logging.
    admin: { address: { socket_address: { address: "127.0.0.1", port_value: 9901 } } },
    static_resources: {
      listeners: [
        {
          name: "https",
          address: { socket_address: { address: "0.0.0.0", port_value: props.listenPort } },
          filter_chains: [
            {
              transport_socket: {
                name: "envoy.transport_sockets.tls",
                typed_config: {
                  "@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext",
                  common_tls_context: {
                    tls_params: { tls_minimum_protocol_version: "TLSv1_2" },
                    // Rotated by the CSI driver in place; Envoy reloads it when the watched directory changes.
                    tls_certificate_sds_secret_configs: [
                      { name: TLS_SECRET, sds_config: { path_config_source: { path: `${configDirectory}/${SDS_FILE}`, watched_directory: { path: props.tlsDirectory } } } },
                    ],
                  },
                },
              },
              filters: [
                {
                  name: "envoy.filters.network.http_connection_manager",
                  typed_config: {
                    "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
                    stat_prefix: "model",
                    // Bodies are never logged; the access log records method, path, status and timing only.
                    access_log: [
                      {
                        name: "envoy.access_loggers.stdout",
                        typed_config: {
                          "@type": "type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog",
                          log_format: { json_format: { method: "%REQ(:METHOD)%", path: "%REQ(:PATH)%", status: "%RESPONSE_CODE%", duration_ms: "%DURATION%", upstream: "%UPSTREAM_CLUSTER%", request_id: "%REQ(X-REQUEST-ID)%" } },
                        },
                      },
                    ],
                    route_config: routeConfig(props),
                    // The token is checked first: an unauthenticated caller gets 401 before anything is buffered.
                    http_filters: [
                      jwtFilter(props.jwt, props.healthPath),
                      {
                        name: "envoy.filters.http.buffer",
                        typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.http.buffer.v3.Buffer", max_request_bytes: props.maxRequestBytes },
                      },
                      { name: "envoy.filters.http.router", typed_config: { "@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router" } },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
      clusters: [jwksCluster(props.jwt.jwksUri), ...props.backends.map(backendCluster)],
    },
  };
}

/** The SDS document naming the mounted PEM, which holds both the chain and the key (Key Vault secret form). */
export function tlsSecretDocument(props: Pick<RouterConfigProps, "tlsDirectory" | "tlsFile">): object {
  const file = `${props.tlsDirectory}/${props.tlsFile}`;
  return {
    resources: [
      {
        "@type": "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret",
        name: TLS_SECRET,
        tls_certificate: { certificate_chain: { filename: file }, private_key: { filename: file } },
      },
    ],
  };
}
