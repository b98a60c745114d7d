/**
 * One request to a cluster that serves the model AKS-natively (docs/adr/0003-gpu-serving.md), walked on its
 * synthesized Terraform and the manifests Flux applies: the host name's private DNS record, the router's internal
 * load balancer, Envoy's token check and routes, the model Services and Deployments, the GPU pool they land on, the
 * weights copied through the spoke's private endpoint, and every identity on the way.
 */
import { BLOB_READ_ROLES, blobContainerUrlPath } from "../../policies/preflight/arm-scope";
import { aksNodePool, envValue, gpuPlacementProblem, isGpuSize, kustomizationTakes, objectName, parseManifests, placementOf, podSpecOf, unescapeTemplate, type Container, type ManifestObject, type NodePool, type PodSpec } from "../../policies/preflight/kubernetes";
import { GITOPS_CONTAINER, MODELS_CONTAINER } from "../bootstrap-stack";
import { DEPLOYMENT_LABEL } from "../../constructs/model-serving/manifests";
import { inCidr, need, one, Walk, type Hop } from "./hops";
import { addressOf, literal, same, valueAt, type Found, type SynthesizedTerraform } from "./terraform";
import { modelStoreContainer, privateEndpointsResolvedIn, virtualNetworkOfSubnet, type ServedModel } from "./shared";

export interface ClusterRequest {
  readonly environment: string;
  /** The host name clients use, e.g. model.pilot.clinical-ai.hospital.internal. */
  readonly hostname: string;
  /** The path the client posts to, e.g. /v1/chat/completions. */
  readonly path: string;
  /** The Entra ID audience of the clients' tokens. */
  readonly audience: string;
  /** The model each deployment of the cluster's endpoint runs (its release's), by deployment name. */
  readonly models: Readonly<Record<string, ServedModel>>;
}

export interface ClusterRequestPath {
  readonly request: ClusterRequest;
  readonly address: string;
  /** The private DNS zone that holds the host name, and the network it is linked to. */
  readonly zone: string;
  readonly network: string;
  readonly cluster: string;
  /** The router Deployment, e.g. `Deployment model-serving/model-router`. */
  readonly router: string;
  /** The model server Deployments the route reaches, with their share of requests and the pool they land on. */
  readonly deployments: readonly { readonly name: string; readonly weight: number; readonly pool: string; readonly vmSize: string }[];
  /** Where the weights are copied from (`<account>/<container>/<model>/<version>/`) and as whom. */
  readonly weights: { readonly source: string; readonly identity: string };
  readonly hops: readonly Hop[];
}

/** A Kubernetes object and the blob (stack) its interpolations belong to. */
interface Manifest {
  readonly object: ManifestObject;
  readonly blob: Found;
}

const LB_ANNOTATION = "service.beta.kubernetes.io/azure-load-balancer";
const WORKLOAD_IDENTITY_CLIENT = "azure.workload.identity/client-id";
const TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

/** Walks the request. Throws BrokenLink at the first link that does not hold. */
export function walkClusterRequest(estate: SynthesizedTerraform, request: ClusterRequest): ClusterRequestPath {
  const terraform = estate.environment(request.environment);
  const walk = new Walk();
  const record = walk.hop("client host name → private DNS record", () => hostRecord(terraform, request.hostname));
  const manifests = walk.hop("GitOps: the manifests Flux applies", () => appliedManifests(terraform, record.stack));
  const router = walk.hop("address → router's internal load balancer", () => routerService(terraform, manifests, record));
  const backends = walk.hop("router → model Services (Entra ID token required)", () => routerRoutes(manifests, router, request));
  const servers = walk.hop("Services → model server Deployments", () => modelServers(manifests, backends));
  const pools = walk.hop("pods → GPU pool", () => gpuPools(terraform, manifests, servers, record.network));
  const store = walk.hop("weights → models container through the spoke's private endpoint", () => weights(terraform, servers, record.network, request.models));
  const identities = walk.hop("identity: pods sign in with workload identity", () => federation(terraform, manifests, [router, ...servers], manifests.cluster));
  walk.hop("identity: the model server reads the models container", () => weightsReader(terraform, identities, servers, store));
  const kubelet = walk.hop("identity: the kubelet pulls every image", () => imagePull(terraform, manifests));
  walk.hop("identity: Flux reads the manifests as the kubelet", () => manifestReader(terraform, manifests, kubelet));
  walk.hop("model: the server loads the released weights", () => releasedWeights(servers, request.models));
  return {
    request,
    address: record.address,
    zone: record.zone,
    network: literal(record.network.block, "name")!,
    cluster: literal(manifests.cluster.block, "name")!,
    router: objectName(router.manifest.object),
    deployments: servers.map((server, index) => ({ name: objectName(server.manifest.object), weight: backends[index].weight, pool: pools.get(server)!.name, vmSize: pools.get(server)!.vmSize ?? "?" })),
    weights: { source: `${literal(store.account.block, "name")}/${literal(store.container.block, "name")}/${weightsFolderOf(modelOf(servers[0], request.models))}`, identity: literal(identities.get(servers[0].pod)!.block, "name")! },
    hops: walk.hops,
  };
}

interface HostRecord {
  readonly address: string;
  readonly zone: string;
  readonly stack: string;
  readonly network: Found;
}

function hostRecord(terraform: SynthesizedTerraform, hostname: string) {
  const zones = terraform.all("azurerm_private_dns_zone", { test: (zone) => hostname.endsWith(`.${literal(zone.block, "name")}`) });
  const zone = need(zones.sort((a, b) => literal(b.block, "name")!.length - literal(a.block, "name")!.length)[0], `no private DNS zone of the estate holds ${hostname}`);
  const label = hostname.slice(0, hostname.length - literal(zone.block, "name")!.length - 1);
  const record = one(terraform.all("azurerm_private_dns_a_record", { test: (found) => terraform.refersTo(found, "zone_name", zone, "name") && literal(found.block, "name") === label }), `A record ${label} in ${addressOf(zone)}`);
  const address = one((valueAt(record.block, "records") as string[] | undefined) ?? [], `address of ${addressOf(record)}`);
  const networks = terraform
    .all("azurerm_private_dns_zone_virtual_network_link", { test: (link) => terraform.refersTo(link, "private_dns_zone_name", zone, "name") })
    .flatMap((link) => terraform.referenced(link.stack, link.block.virtual_network_id, "id").filter((found) => found.type === "azurerm_virtual_network"));
  const network = one(networks, `virtual network ${addressOf(zone)} is linked to`);
  return { facts: [`${hostname} is A record ${label} → ${address} in zone ${literal(zone.block, "name")}, linked to ${literal(network.block, "name")}`], result: { address, zone: literal(zone.block, "name")!, stack: record.stack, network } as HostRecord };
}

interface AppliedManifests {
  readonly objects: readonly Manifest[];
  readonly flux: Found;
  readonly cluster: Found;
}

/** The manifest blobs of the stack, parsed, and the Flux configuration (and cluster) that applies them all. */
function appliedManifests(terraform: SynthesizedTerraform, stack: string) {
  const blobs = terraform.all("azurerm_storage_blob", { stack, test: (blob) => /\.ya?ml$/.test(literal(blob.block, "name") ?? "") });
  need(blobs.length > 0, `${stack} writes no manifests`);
  const fluxes = terraform.all("azurerm_kubernetes_flux_configuration", {
    test: (flux) => {
      const source = blobContainerUrlPath(literal(flux.block, "blob_storage.container_id") ?? "");
      const paths = ((valueAt(flux.block, "kustomizations") as { path?: string }[] | undefined) ?? []).map((kustomization) => kustomization.path ?? "");
      return source !== undefined && blobs.every((blob) => literal(blob.block, "storage_account_name") === source.account && literal(blob.block, "storage_container_name") === source.container && paths.some((path) => kustomizationTakes(path, literal(blob.block, "name")!)));
    },
  });
  const flux = one(fluxes, `Flux configuration that applies every manifest of ${stack}`);
  const cluster = one(terraform.referenced(flux.stack, flux.block.cluster_id, "id").filter((found) => found.type === "azurerm_kubernetes_cluster"), `cluster of ${addressOf(flux)}`);
  const variables = Object.assign({}, ...((valueAt(flux.block, "kustomizations") as { post_build?: { substitute?: Record<string, string> } }[] | undefined) ?? []).map((kustomization) => kustomization.post_build?.substitute ?? {})) as Record<string, string>;
  const objects = blobs.flatMap((blob) => {
    try {
      return parseManifests(substituted(unescapeTemplate(String(blob.block.source_content)), variables)).map((object) => ({ object, blob }));
    } catch (error) {
      return need<never>(undefined, `${addressOf(blob)}: ${(error as Error).message}`);
    }
  });
  return {
    facts: [`${blobs.length} manifest files of ${stack} (${objects.length} objects), applied by Flux configuration ${literal(flux.block, "name")} on ${literal(cluster.block, "name")}`],
    result: { objects, flux, cluster } as AppliedManifests,
  };
}

/** Flux's post-build substitution: each `${NAME}` becomes the configuration's variable, as the cluster receives the manifests. */
function substituted(text: string, variables: Readonly<Record<string, string>>): string {
  return text.replace(/\$\{([_a-zA-Z][_a-zA-Z0-9]*)\}/g, (placeholder, name: string) => variables[name] ?? placeholder);
}

function metadata(object: ManifestObject): { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> } {
  return (object.metadata ?? {}) as ReturnType<typeof metadata>;
}

/** Workloads in `namespace` whose pod template carries every label of `selector`. */
function selectedWorkloads(manifests: AppliedManifests, namespace: string | undefined, selector: Readonly<Record<string, string>>, kind = "Deployment"): Manifest[] {
  return manifests.objects.filter(({ object }) => {
    const labels = ((object.spec as { template?: { metadata?: { labels?: Record<string, string> } } } | undefined)?.template?.metadata?.labels ?? {}) as Record<string, string>;
    return object.kind === kind && metadata(object).namespace === namespace && Object.entries(selector).every(([key, value]) => labels[key] === value);
  });
}

/** The container port a Service's targetPort names (by name or number). */
function targetContainer(pod: PodSpec, targetPort: unknown): { container: Container; port: number } | undefined {
  for (const container of pod.containers ?? []) {
    const port = container.ports?.find((candidate) => candidate.name === targetPort || candidate.containerPort === targetPort);
    if (port?.containerPort !== undefined) return { container, port: port.containerPort };
  }
  return undefined;
}

interface RouterPod {
  readonly manifest: Manifest;
  readonly pod: PodSpec;
  readonly port: number;
}

function routerService(terraform: SynthesizedTerraform, manifests: AppliedManifests, record: HostRecord) {
  const service = one(
    manifests.objects.filter(({ object }) => object.kind === "Service" && metadata(object).annotations?.[`${LB_ANNOTATION}-ipv4`] === record.address),
    `Service whose load balancer takes ${record.address}`,
  );
  const annotations = metadata(service.object).annotations!;
  const spec = service.object.spec as { type?: string; selector?: Record<string, string>; ports?: { port: number; targetPort: unknown }[] };
  need(spec.type === "LoadBalancer" && annotations[`${LB_ANNOTATION}-internal`] === "true", `${objectName(service.object)} is not an internal load balancer`);
  const subnetName = need(annotations[`${LB_ANNOTATION}-internal-subnet`], `${objectName(service.object)} names no subnet for its frontend`);
  const subnet = one(
    terraform.all("azurerm_subnet", { test: (found) => literal(found.block, "name") === subnetName && virtualNetworkOfSubnet(terraform, found) !== undefined && same(virtualNetworkOfSubnet(terraform, found)!, record.network) }),
    `subnet ${subnetName} in ${addressOf(record.network)}`,
  );
  const prefixes = (valueAt(subnet.block, "address_prefixes") as string[] | undefined) ?? [];
  need(prefixes.some((prefix) => inCidr(record.address, prefix)), `${record.address} is not in ${subnetName} (${prefixes.join(", ")})`);
  const controlPlane = one(terraform.referenced(manifests.cluster.stack, valueAt(manifests.cluster.block, "identity.identity_ids"), "id"), `control plane identity of ${addressOf(manifests.cluster)}`);
  const grants = terraform.grants(controlPlane, ["Network Contributor"], subnet);
  need(grants.length > 0, `${addressOf(controlPlane)} holds no Network Contributor on ${addressOf(subnet)}: AKS cannot place the load balancer's frontend there`);
  const https = one(spec.ports ?? [], `port of ${objectName(service.object)}`);
  const router = one(selectedWorkloads(manifests, metadata(service.object).namespace, spec.selector ?? {}), `Deployment selected by ${objectName(service.object)}`);
  const pod = podSpecOf(router.object)!;
  const target = need(targetContainer(pod, https.targetPort), `${objectName(router.object)} has no container port ${String(https.targetPort)}`);
  return {
    facts: [
      `${objectName(service.object)}: internal load balancer on ${record.address} in ${subnetName} (${prefixes.join(", ")}), port ${https.port} → ${objectName(router.object)}:${target.port}`,
      `${literal(controlPlane.block, "name")} (AKS control plane) holds Network Contributor on ${subnetName}`,
    ],
    result: { manifest: router, pod, port: target.port } as RouterPod,
  };
}

interface Backend {
  readonly service: string;
  readonly namespace: string;
  readonly port: number;
  readonly weight: number;
}

interface EnvoyCluster {
  readonly name: string;
  readonly load_assignment?: { readonly endpoints?: readonly { readonly lb_endpoints?: readonly { readonly endpoint?: { readonly address?: { readonly socket_address?: { readonly address?: string; readonly port_value?: number } } } }[] }[] };
}

interface HttpConnectionManager {
  readonly route_config?: { readonly virtual_hosts?: readonly { readonly routes?: readonly EnvoyRoute[] }[] };
  readonly http_filters?: readonly { readonly name: string; readonly typed_config?: Record<string, unknown> }[];
}

interface EnvoyRoute {
  readonly match: { readonly path?: string; readonly prefix?: string; readonly headers?: readonly { readonly name: string; readonly string_match?: { readonly exact?: string } }[] };
  readonly route?: { readonly weighted_clusters?: { readonly clusters: readonly { readonly name: string; readonly weight: number | string }[] } };
}

interface EnvoyBootstrap {
  readonly static_resources?: {
    readonly listeners?: readonly { readonly address?: { readonly socket_address?: { readonly port_value?: number } }; readonly filter_chains?: readonly { readonly filters?: readonly { readonly typed_config?: HttpConnectionManager }[] }[] }[];
    readonly clusters?: readonly EnvoyCluster[];
  };
}

interface JwtAuthentication {
  readonly providers?: Record<string, { readonly issuer?: string; readonly audiences?: readonly string[] }>;
  readonly rules?: readonly { readonly match: { readonly prefix?: string; readonly path?: string }; readonly requires?: { readonly provider_name?: string } }[];
}

/** The Envoy bootstrap in the ConfigMap the router mounts, and the HTTP connection manager of the listener on its port. */
function routerConfig(manifests: AppliedManifests, router: RouterPod): { readonly source: string; readonly envoy: EnvoyBootstrap; readonly manager: HttpConnectionManager } {
  const configMapName = one((router.pod.volumes ?? []).flatMap((volume) => ((volume.configMap as { name?: string } | undefined)?.name ? [(volume.configMap as { name: string }).name] : [])), `ConfigMap volume of ${objectName(router.manifest.object)}`);
  const namespace = metadata(router.manifest.object).namespace;
  const configMap = one(manifests.objects.filter(({ object }) => object.kind === "ConfigMap" && metadata(object).name === configMapName && metadata(object).namespace === namespace), `ConfigMap ${configMapName}`);
  const text = need((configMap.object.data as Record<string, string> | undefined)?.["envoy.yaml"], `${objectName(configMap.object)} holds no envoy.yaml`);
  let envoy: EnvoyBootstrap;
  try {
    envoy = JSON.parse(text) as EnvoyBootstrap;
  } catch (error) {
    return need<never>(undefined, `${objectName(configMap.object)}'s envoy.yaml cannot be read: ${(error as Error).message}`);
  }
  const listener = one((envoy.static_resources?.listeners ?? []).filter((candidate) => candidate.address?.socket_address?.port_value === router.port), `Envoy listener on port ${router.port}`);
  const manager = need(listener.filter_chains?.[0]?.filters?.[0]?.typed_config, `the Envoy listener on port ${router.port} has no HTTP connection manager`);
  return { source: objectName(configMap.object), envoy, manager };
}

/** The token provider that accepts the audience, required on every path the client may call. */
function requiredToken(manager: HttpConnectionManager, request: ClusterRequest): { readonly issuer: string } {
  const jwt = need(manager.http_filters?.find((filter) => filter.name === "envoy.filters.http.jwt_authn")?.typed_config, "Envoy checks no tokens (no jwt_authn filter)") as JwtAuthentication;
  const [providerName, provider] = need(Object.entries(jwt.providers ?? {}).find(([, candidate]) => (candidate.audiences ?? []).includes(request.audience)), `no token provider of the router accepts the audience ${request.audience}`);
  need((jwt.rules ?? []).find((rule) => rule.match.prefix === "/")?.requires?.provider_name === providerName, `the router does not require a ${providerName} token for every path`);
  need(!(jwt.rules ?? []).some((rule) => rule.match.path === request.path && !rule.requires), `the router lets ${request.path} through without a token`);
  return { issuer: provider.issuer ?? "?" };
}

/** The Services the route of POST `path` splits requests between. */
function routedBackends(envoy: EnvoyBootstrap, manager: HttpConnectionManager, path: string): Backend[] {
  const routes = (manager.route_config?.virtual_hosts ?? []).flatMap((host) => host.routes ?? []);
  const route = need(routes.find((candidate) => candidate.match.path === path && (candidate.match.headers ?? []).every((header) => header.name !== ":method" || header.string_match?.exact === "POST")), `the router has no route for POST ${path}`);
  // Envoy reads a uint32 written as a string too (protobuf's JSON mapping): Flux-substituted weights are strings.
  const split = need(route.route?.weighted_clusters?.clusters.map((entry) => ({ ...entry, weight: Number(entry.weight) })).filter((entry) => entry.weight > 0), `POST ${path} is not forwarded to a model`);
  return split.map((entry): Backend => {
    const cluster = one((envoy.static_resources?.clusters ?? []).filter((candidate) => candidate.name === entry.name), `Envoy cluster ${entry.name}`);
    const socket = need(cluster.load_assignment?.endpoints?.[0]?.lb_endpoints?.[0]?.endpoint?.address?.socket_address, `Envoy cluster ${entry.name} has no address`);
    const [, service, namespace] = need(/^([a-z0-9-]+)\.([a-z0-9-]+)\.svc\.cluster\.local$/.exec(socket.address ?? ""), `Envoy cluster ${entry.name} sends to ${socket.address}, not a Service of the cluster`);
    return { service, namespace, port: need(socket.port_value, `Envoy cluster ${entry.name} has no port`), weight: entry.weight };
  });
}

function routerRoutes(manifests: AppliedManifests, router: RouterPod, request: ClusterRequest) {
  const { source, envoy, manager } = routerConfig(manifests, router);
  const token = requiredToken(manager, request);
  const backends = routedBackends(envoy, manager, request.path);
  return {
    facts: [
      `Envoy (${source}) requires an Entra ID token of ${token.issuer} for ${request.audience} on every path but its health check`,
      `POST ${request.path} → ${backends.map((backend) => `${backend.service}.${backend.namespace}:${backend.port} (${backend.weight} %)`).join(", ")}`,
    ],
    result: backends,
  };
}

interface ModelServer {
  readonly manifest: Manifest;
  readonly pod: PodSpec;
  readonly container: Container;
}

function modelServers(manifests: AppliedManifests, backends: readonly Backend[]) {
  const servers = backends.map((backend): ModelServer & { fact: string } => {
    const service = one(manifests.objects.filter(({ object }) => object.kind === "Service" && metadata(object).name === backend.service && metadata(object).namespace === backend.namespace), `Service ${backend.namespace}/${backend.service}`);
    const spec = service.object.spec as { selector?: Record<string, string>; ports?: { port: number; targetPort: unknown }[] };
    const port = one((spec.ports ?? []).filter((candidate) => candidate.port === backend.port), `port ${backend.port} of ${objectName(service.object)}`);
    const deployment = one(selectedWorkloads(manifests, backend.namespace, spec.selector ?? {}), `Deployment selected by ${objectName(service.object)}`);
    const pod = podSpecOf(deployment.object)!;
    const target = need(targetContainer(pod, port.targetPort), `${objectName(deployment.object)} has no container port ${String(port.targetPort)}`);
    return { manifest: deployment, pod, container: target.container, fact: `${objectName(service.object)}:${backend.port} → ${objectName(deployment.object)}, container ${target.container.name}:${target.port}` };
  });
  return { facts: servers.map((server) => server.fact), result: servers as readonly ModelServer[] };
}

/** The cluster's pools as AKS creates their nodes, with the node pool resources behind them. */
function poolsOf(terraform: SynthesizedTerraform, cluster: Found): { pool: NodePool; resource?: Found }[] {
  const labels = (block: unknown) => (block ?? {}) as Record<string, string>;
  const defaultPool = aksNodePool({
    name: literal(cluster.block, "default_node_pool.name") ?? "default",
    vmSize: literal(cluster.block, "default_node_pool.vm_size"),
    labels: labels(valueAt(cluster.block, "default_node_pool.node_labels")),
    taints: [],
    spot: false,
    criticalAddonsOnly: valueAt(cluster.block, "default_node_pool.only_critical_addons_enabled") === true,
  });
  const pools = terraform.all("azurerm_kubernetes_cluster_node_pool", { test: (found) => terraform.refersTo(found, "kubernetes_cluster_id", cluster, "id") }).map((resource) => ({
    resource,
    pool: aksNodePool({
      name: literal(resource.block, "name")!,
      vmSize: literal(resource.block, "vm_size"),
      labels: labels(resource.block.node_labels),
      taints: (resource.block.node_taints as string[] | undefined) ?? [],
      spot: literal(resource.block, "priority") === "Spot",
      criticalAddonsOnly: false,
    }),
  }));
  return [{ pool: defaultPool }, ...pools];
}

function gpuPools(terraform: SynthesizedTerraform, manifests: AppliedManifests, servers: readonly ModelServer[], network: Found) {
  const pools = poolsOf(terraform, manifests.cluster);
  const plugins = manifests.objects.filter(({ object }) => object.kind === "DaemonSet" && (podSpecOf(object)?.containers ?? []).some((container) => /(^|\/)nvidia\/k8s-device-plugin[@:]/.test(container.image ?? "")));
  const placed = new Map<ModelServer, NodePool>();
  const facts = servers.map((server) => {
    const problem = gpuPlacementProblem(server.pod, pools.map((entry) => entry.pool));
    need(problem === undefined, `${objectName(server.manifest.object)}: ${problem}`);
    const { pool, resource } = pools.find((entry) => isGpuSize(entry.pool.vmSize) && placementOf(server.pod, [entry.pool]).schedulable.length > 0)!;
    const subnet = need(resource && terraform.referenced(resource.stack, resource.block.vnet_subnet_id, "id")[0], `GPU pool ${pool.name} is in no subnet of the estate`);
    need(same(virtualNetworkOfSubnet(terraform, subnet) ?? subnet, network), `GPU pool ${pool.name}'s nodes are not in ${addressOf(network)}`);
    need(plugins.some((plugin) => placementOf(podSpecOf(plugin.object)!, [pool]).schedulable.length > 0), `no NVIDIA device plugin DaemonSet runs on GPU pool ${pool.name}: its GPUs are never advertised`);
    placed.set(server, pool);
    const gpus = String(server.container.resources?.limits?.["nvidia.com/gpu"]);
    return `${objectName(server.manifest.object)} (${gpus} GPU${gpus === "1" ? "" : "s"}) lands on pool ${pool.name} (${pool.vmSize}) in ${literal(subnet.block, "name")}, tolerating ${pool.taints.join(", ") || "no taint"}; the device plugin runs there`;
  });
  return { facts, result: placed };
}

/** `fetch_weights.py <account URL> <container> <prefix> <directory>` of the init container that copies the weights. */
function weightsCopy(server: ModelServer): { account: string; container: string; prefix: string; directory: string } | undefined {
  for (const init of server.pod.initContainers ?? []) {
    const argv = [...(init.command ?? []), ...(init.args ?? [])];
    const index = argv.findIndex((arg) => /^https:\/\/[a-z0-9]+\.blob\./.test(arg));
    if (index >= 0) return { account: /^https:\/\/([a-z0-9]+)\.blob\./.exec(argv[index])![1], container: argv[index + 1], prefix: argv[index + 2], directory: argv[index + 3] };
  }
  return undefined;
}

/** The model a server's Deployment runs, by its deployment label. */
function modelOf(server: ModelServer, models: ClusterRequest["models"]): ServedModel {
  const deployment = metadata(server.manifest.object).labels?.[DEPLOYMENT_LABEL] ?? "";
  return need(models[deployment], `${objectName(server.manifest.object)} is not a deployment of the environment's config (label ${DEPLOYMENT_LABEL}=${deployment})`);
}

function weightsFolderOf(model: ServedModel): string {
  return `${model.name}/${model.version}/`;
}

function weights(terraform: SynthesizedTerraform, servers: readonly ModelServer[], network: Found, models: ClusterRequest["models"]) {
  const copies = servers.map((server) => {
    const folder = weightsFolderOf(modelOf(server, models));
    const copy = need(weightsCopy(server), `${objectName(server.manifest.object)} has no init container that copies the weights from blob storage`);
    need(copy.prefix === folder, `${objectName(server.manifest.object)} copies ${copy.prefix}, not the release's ${folder}`);
    need(envValue(server.container, "MODEL_DIR") === copy.directory, `${objectName(server.manifest.object)} copies the weights to ${copy.directory}, its server reads ${envValue(server.container, "MODEL_DIR")}`);
    return copy;
  });
  const copy = copies[0];
  need(copies.every((candidate) => candidate.account === copy.account && candidate.container === copy.container), "the deployments copy their weights from different stores");
  const store = need(modelStoreContainer(terraform, copy.account, copy.container), `the weights come from ${copy.account}/${copy.container}, which the estate does not create`);
  need(copy.container === MODELS_CONTAINER, `the weights come from container ${copy.container}, not ${MODELS_CONTAINER}`);
  const resolved = privateEndpointsResolvedIn(terraform, store.account, "blob", network).filter((entry) => entry.zones.some((zone) => literal(zone.block, "name")?.startsWith("privatelink.blob.")));
  need(resolved.length > 0, `${addressOf(store.account)} has no blob private endpoint in ${addressOf(network)} registered in a privatelink.blob zone linked to it`);
  return {
    facts: [
      ...copies.map((entry) => `init containers copy ${entry.account}/${entry.container}/${entry.prefix} to ${entry.directory}`),
      `${resolved.map((entry) => literal(entry.privateEndpoint.block, "name")).join(", ")} in ${literal(network.block, "name")} resolves ${copy.account}.blob through ${resolved.flatMap((entry) => entry.zones).map((zone) => literal(zone.block, "name")).join(", ")}`,
    ],
    result: store,
  };
}

/** The identity each pod signs in as, by pod. */
type PodIdentities = Map<PodSpec, Found>;

function federation(terraform: SynthesizedTerraform, manifests: AppliedManifests, pods: readonly { manifest: Manifest; pod: PodSpec }[], cluster: Found) {
  need(cluster.block.oidc_issuer_enabled === true && cluster.block.workload_identity_enabled === true, `${addressOf(cluster)} has no OIDC issuer or workload identity`);
  const identities: PodIdentities = new Map();
  const facts = pods.map(({ manifest, pod }) => {
    const namespace = metadata(manifest.object).namespace;
    const labels = ((manifest.object.spec as { template?: { metadata?: { labels?: Record<string, string> } } }).template?.metadata?.labels ?? {}) as Record<string, string>;
    need(labels["azure.workload.identity/use"] === "true", `${objectName(manifest.object)}'s pods do not use workload identity`);
    const account = one(manifests.objects.filter(({ object }) => object.kind === "ServiceAccount" && metadata(object).name === pod.serviceAccountName && metadata(object).namespace === namespace), `ServiceAccount ${namespace}/${pod.serviceAccountName}`);
    const identity = one(terraform.referenced(account.blob.stack, metadata(account.object).annotations?.[WORKLOAD_IDENTITY_CLIENT], "client_id"), `identity whose client ID ${objectName(account.object)} names`);
    const subject = `system:serviceaccount:${namespace}:${pod.serviceAccountName}`;
    const credential = one(
      terraform.all("azurerm_federated_identity_credential", {
        test: (found) => terraform.refersTo(found, "parent_id", identity, "id") && literal(found.block, "subject") === subject && terraform.refersTo(found, "issuer", cluster, "oidc_issuer_url") && ((found.block.audience as string[] | undefined) ?? []).includes(TOKEN_EXCHANGE_AUDIENCE),
      }),
      `federated credential of ${addressOf(identity)} for ${subject} from ${addressOf(cluster)}'s issuer`,
    );
    identities.set(pod, identity);
    return `${objectName(manifest.object)} as ${subject} → ${literal(identity.block, "name")} (federated credential ${literal(credential.block, "name")})`;
  });
  return { facts, result: identities };
}

function weightsReader(terraform: SynthesizedTerraform, identities: PodIdentities, servers: readonly ModelServer[], store: { account: Found; container: Found }) {
  const facts = servers.map((server) => {
    const identity = identities.get(server.pod)!;
    const grants = terraform.grants(identity, BLOB_READ_ROLES, store.container);
    need(grants.length > 0, `${addressOf(identity)} holds no Storage Blob Data Reader on ${addressOf(store.container)}`);
    return `${literal(identity.block, "name")} reads ${literal(store.account.block, "name")}/${MODELS_CONTAINER} (${grants.map((grant) => terraform.describeGrant(grant)).join(", ")})`;
  });
  return { facts, result: undefined };
}

function imagePull(terraform: SynthesizedTerraform, manifests: AppliedManifests) {
  const kubelet = one(terraform.referenced(manifests.cluster.stack, valueAt(manifests.cluster.block, "kubelet_identity.user_assigned_identity_id"), "id"), `kubelet identity of ${addressOf(manifests.cluster)}`);
  const images = manifests.objects.flatMap(({ object, blob }) => {
    const pod = podSpecOf(object);
    return [...(pod?.containers ?? []), ...(pod?.initContainers ?? [])].map((container) => ({ image: container.image ?? "", blob, owner: objectName(object) }));
  });
  const registries = images.map(({ image, blob, owner }) => one(terraform.referenced(blob.stack, image, "login_server"), `registry of ${owner}'s image ${image}`));
  const registry = one([...new Map(registries.map((found) => [addressOf(found), found])).values()], "one registry for every image");
  const grants = terraform.grants(kubelet, ["AcrPull"], registry);
  need(grants.length > 0, `${addressOf(kubelet)} holds no AcrPull on ${addressOf(registry)}`);
  return { facts: [`${images.length} images, all from ${literal(registry.block, "name")}`, `${literal(kubelet.block, "name")} pulls them (${grants.map((grant) => terraform.describeGrant(grant)).join(", ")})`], result: kubelet };
}

function manifestReader(terraform: SynthesizedTerraform, manifests: AppliedManifests, kubelet: Found) {
  const url = literal(manifests.flux.block, "blob_storage.container_id")!;
  const source = blobContainerUrlPath(url)!;
  const store = need(modelStoreContainer(terraform, source.account, source.container), `${url} is not a container the estate creates`);
  need(source.container === GITOPS_CONTAINER, `Flux reads ${source.container}, not ${GITOPS_CONTAINER}`);
  need(terraform.refersTo(manifests.flux, "blob_storage.managed_identity.client_id", kubelet, "client_id"), `${addressOf(manifests.flux)} does not read as ${addressOf(kubelet)}`);
  const grants = terraform.grants(kubelet, BLOB_READ_ROLES, store.container);
  need(grants.length > 0, `${addressOf(kubelet)} holds no Storage Blob Data Reader on ${addressOf(store.container)}`);
  return { facts: [`${literal(manifests.flux.block, "name")} reads ${url} as ${literal(kubelet.block, "name")} (${grants.map((grant) => terraform.describeGrant(grant)).join(", ")})`], result: undefined };
}

function releasedWeights(servers: readonly ModelServer[], models: ClusterRequest["models"]) {
  const facts = servers.map((server) => {
    const model = modelOf(server, models);
    const sha = envValue(server.container, "WEIGHTS_SHA256");
    need(sha === model.weightsSha256, `${objectName(server.manifest.object)} verifies weights ${sha ?? "(none)"}, not the release's ${model.weightsSha256}`);
    need(envValue(server.container, "SERVED_MODEL_NAME") === model.name, `${objectName(server.manifest.object)} serves ${envValue(server.container, "SERVED_MODEL_NAME")}, not ${model.name}`);
    return `${objectName(server.manifest.object)} serves ${model.name}:${model.version} after verifying weights ${model.weightsSha256.slice(0, 12)}…`;
  });
  return { facts, result: undefined };
}
