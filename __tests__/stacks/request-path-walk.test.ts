/**
 * One request per client of every environment, walked end to end on the synthesized JSON (issue 13, "Done when"):
 * the estate is synthesized once, as `fhi synth` writes it; each negative case breaks one link in a copy of it and
 * the walk must stop at that hop.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Address4 } from "ip-address";
import { loadEnvironments } from "../../stacks/synth";
import { BrokenLink, clientRequests, SynthesizedTerraform, walkEnvironment, type EnvironmentWalk, type StackDocument } from "../../stacks/request-path-walk";
import { withRequestPath, withWalkSections } from "../../stacks/request-path";
import { synthesizeEstate, type SynthesizedEstate } from "../support/synthesized";

const PAGE = path.join(__dirname, "..", "..", "docs", "request-path.md");
const environments = loadEnvironments();
const byName = Object.fromEntries(environments.map((env) => [env.name, env]));

let estate: SynthesizedEstate;
let documents: Record<string, StackDocument>;
let walks: EnvironmentWalk[];

beforeAll(() => {
  estate = synthesizeEstate();
  documents = Object.fromEntries(estate.stacks.map((stack) => [stack.stack, stack.json as unknown as StackDocument]));
  walks = environments.map((env) => walkEnvironment(SynthesizedTerraform.of(documents), env));
});
afterAll(() => fs.rmSync(estate.outdir, { recursive: true, force: true }));

const walkOf = (environment: string) => walks.find((walk) => walk.environment === environment)!;
const factsOf = (hops: readonly { name: string; facts: readonly string[] }[], name: string) => hops.find((hop) => hop.name === name)?.facts.join("\n") ?? "";

describe("every client request reaches the released model", () => {
  it("walks a request for every API host name and every serving cluster of every environment", () => {
    for (const env of environments) {
      const requests = clientRequests(env);
      const walk = walkOf(env.name);
      expect(walk.api.map((path) => path.request.hostname).sort()).toEqual(requests.api.map((request) => request.hostname).sort());
      expect(walk.cluster.map((path) => path.request.hostname)).toEqual(requests.cluster.map((request) => request.hostname));
    }
    expect(walkOf("prod").api.length).toBeGreaterThan(0);
    expect(walkOf("dev").cluster).toHaveLength(1);
    expect(walkOf("pilot").cluster).toHaveLength(1);
  });

  it.each(["us", "eu"])("prod %s: Front Door sends the geography's host names to its own regions' gateways and endpoints only", (geography) => {
    const prod = byName.prod;
    const config = prod.api!.geographies[geography];
    const paths = walkOf("prod").api.filter((path) => config.hostnames.includes(path.request.hostname));
    expect(paths.map((path) => path.region).sort()).toEqual([...config.regions, ...(config.failoverTo ? prod.api!.geographies[config.failoverTo].regions : [])].sort());
    for (const path of paths) {
      const region = prod.regions.find((candidate) => candidate.location === path.region)!;
      expect(path.endpoint).toBe(region.endpoints[0].name);
      expect(factsOf(path.hops, "path: /score reaches the model server's route")).toContain(`/score → ${prod.modelServer.routes.scoring} on port ${prod.modelServer.port}`);
      expect(factsOf(path.hops, "Front Door → origin group")).toContain("probes HTTPS GET /status-0123456789abcdef");
      expect(factsOf(path.hops, "model: each deployment mounts the released model asset")).toContain(`mounts ${prod.releases[prod.modelServer.release].model.name}:${prod.releases[prod.modelServer.release].model.version} at /models`);
    }
  });

  it.each(["dev", "pilot"])("%s: the router's address is the configured one, in subnets.modelIngress, and each deployment lands on its configured pool", (name) => {
    const env = byName[name];
    const [path] = walkOf(name).cluster;
    const region = env.regions.find((candidate) => candidate.aks?.serving?.hostname === path.request.hostname)!;
    expect(path.address).toBe(region.aks!.serving!.privateIp);
    expect(new Address4(path.address).isInSubnet(new Address4(region.subnets.modelIngress!))).toBe(true);
    const deployments = region.endpoints.flatMap((endpoint) => endpoint.deployments).filter((deployment) => deployment.trafficPercent > 0);
    expect(path.deployments.map((deployment) => [deployment.name, deployment.pool, deployment.weight])).toEqual(
      deployments.map((deployment) => [`Deployment model-serving/model-${deployment.name}`, (deployment.compute as { gpuPool: string }).gpuPool, deployment.trafficPercent]),
    );
    const { model } = env.releases[env.modelServer.release];
    expect(path.weights.source).toMatch(new RegExp(`/models/${model.name}/${model.version}/$`));
    expect(factsOf(path.hops, "router → model Services (Entra ID token required)")).toContain(`for ${region.aks!.serving!.entraAudience} on every path`);
  });
});

type Documents = Record<string, { resource: Record<string, Record<string, Record<string, unknown>>> }>;

/** The one resource of `type` in `stack` whose name contains `part`, in a copy of the estate. */
function resource(copy: Documents, stack: string, type: string, part: string): Record<string, unknown> {
  const found = Object.entries(copy[stack].resource[type] ?? {}).filter(([name]) => name.includes(part));
  if (found.length !== 1) throw new Error(`fixture: ${found.length} ${type} named *${part}* in ${stack}`);
  return found[0][1];
}

function remove(copy: Documents, stack: string, type: string, part: string): void {
  const names = Object.keys(copy[stack].resource[type] ?? {}).filter((name) => name.includes(part));
  if (names.length !== 1) throw new Error(`fixture: ${names.length} ${type} named *${part}* in ${stack}`);
  delete copy[stack].resource[type][names[0]];
}

/** Replaces text in a manifests blob; the fixture fails when the text is not there. */
function editBlob(copy: Documents, stack: string, part: string, from: string | RegExp, to: string): void {
  const blob = resource(copy, stack, "azurerm_storage_blob", part);
  const before = String(blob.source_content);
  const after = before.replace(from, to);
  if (after === before) throw new Error(`fixture: ${String(from)} is not in blob ${part}`);
  blob.source_content = after;
}

function editString(block: Record<string, unknown>, key: string, from: string | RegExp, to: string): void {
  const before = String(block[key]);
  const after = before.replace(from, to);
  if (after === before) throw new Error(`fixture: ${String(from)} is not in ${key}`);
  block[key] = after;
}

interface BrokenCase {
  readonly environment: string;
  readonly name: string;
  readonly hop: string;
  readonly reason: RegExp;
  readonly breakIt: (copy: Documents) => void;
}

const PROD = "prod-swedencentral";
const DEV = "dev-eastus2";

const brokenCases: BrokenCase[] = [
  {
    environment: "prod",
    name: "the custom domain carries another host name",
    hop: "client host name → Front Door",
    reason: /no Front Door custom domain with host_name eu\.api/,
    breakIt: (copy) => {
      resource(copy, "prod-global-edge", "azurerm_cdn_frontdoor_custom_domain", "domain-eu").host_name = "eu.api.example.org";
    },
  },
  {
    environment: "prod",
    name: "Front Door probes a path API Management does not answer",
    hop: "Front Door → origin group",
    reason: /probes Https \/probe\/ready, not API Management's health endpoint/,
    breakIt: (copy) => {
      (resource(copy, "prod-global-edge", "azurerm_cdn_frontdoor_origin_group", "origin-group-eu").health_probe as Record<string, unknown>).path = "/probe/ready";
    },
  },
  {
    environment: "prod",
    name: "the origin is not a Private Link to a gateway",
    hop: "origin → API Management (Private Link)",
    reason: /is not a Private Link origin to an API Management gateway/,
    breakIt: (copy) => {
      (resource(copy, "prod-global-edge", "azurerm_cdn_frontdoor_origin", "origin-eu").private_link as Record<string, unknown>).target_type = "Sites";
    },
  },
  {
    environment: "prod",
    name: "the backend calls an endpoint in another region",
    hop: "API Management → backend URL",
    reason: /calls an endpoint in eastus2, not in the gateway's region swedencentral/,
    breakIt: (copy) => {
      resource(copy, `${PROD}-gateway`, "azurerm_api_management_backend", "backend").url = "https://fhi-llm-eu.eastus2.inference.ml.azure.com";
    },
  },
  {
    environment: "prod",
    name: "the inference stack has no endpoint of the backend's name",
    hop: "backend URL → online endpoint",
    reason: /no online endpoint fhi-llm-eu in prod-swedencentral-inference/,
    breakIt: (copy) => {
      resource(copy, `${PROD}-inference`, "azapi_resource", "endpoint-fhi-llm-eu_endpoint").name = "fhi-llm-renamed";
    },
  },
  {
    environment: "prod",
    name: "the workspace's API zone is not linked to the gateway's network",
    hop: "DNS: workspace private endpoint in zones linked to API Management's network",
    reason: /registers in a privatelink\.api\.azureml\.\* zone linked to/,
    breakIt: (copy) => remove(copy, `${PROD}-network`, "azurerm_private_dns_zone_virtual_network_link", "zone-amlApi-link"),
  },
  {
    environment: "prod",
    name: "the gateway identity may not score the endpoint",
    hop: "identity: the gateway may score the endpoint",
    reason: /holds no Online endpoint scorer \(fhi-prod\) on/,
    breakIt: (copy) => remove(copy, `${PROD}-gateway`, "azurerm_role_assignment", "scoring-access"),
  },
  {
    environment: "prod",
    name: "the gateway forwards the client's path instead of /score",
    hop: "path: /score reaches the model server's route",
    reason: /rewrites the path to \/v1\/chat\/completions, not \/score/,
    breakIt: (copy) => editString(resource(copy, `${PROD}-gateway`, "azurerm_api_management_product_policy", "clinical-standard"), "xml_content", 'template="/score"', 'template="/v1/chat/completions"'),
  },
  {
    environment: "prod",
    name: "the environment's scoring route is not the model server's chat completions",
    hop: "path: /score reaches the model server's route",
    reason: /routes \/score to \/health, not the model server's \/v1\/chat\/completions/,
    breakIt: (copy) => {
      const version = resource(copy, `${PROD}-inference`, "azapi_resource", "model-server_version-") as { body: { properties: { inferenceConfig: { scoringRoute: { path: string } } } } };
      version.body.properties.inferenceConfig.scoringRoute.path = "/health";
    },
  },
  {
    environment: "prod",
    name: "the deployment mounts no model",
    hop: "model: each deployment mounts the released model asset",
    reason: /no model version .* mounts/,
    breakIt: (copy) => {
      delete (resource(copy, `${PROD}-inference`, "azapi_resource", "deployment-blue") as { body: { properties: Record<string, unknown> } }).body.properties.model;
    },
  },
  {
    environment: "prod",
    name: "the model asset records other weights than the release",
    hop: "model: each deployment mounts the released model asset",
    reason: /records weights 0{64}, not/,
    breakIt: (copy) => {
      (resource(copy, `${PROD}-inference`, "azapi_resource", "model_version-") as { body: { properties: { properties: Record<string, string> } } }).body.properties.properties.weightsSha256 = "0".repeat(64);
    },
  },
  {
    environment: "prod",
    name: "the endpoint identity may not read the weights",
    hop: "identity: the endpoint reads the weights and pulls the image",
    reason: /holds no Storage Blob Data Reader on .*models-container/,
    breakIt: (copy) => remove(copy, `${PROD}-inference`, "azurerm_role_assignment", "model-server-weights"),
  },
  {
    environment: "prod",
    name: "the endpoint identity may not pull the image",
    hop: "identity: the endpoint reads the weights and pulls the image",
    reason: /holds no AcrPull on/,
    breakIt: (copy) => remove(copy, `${PROD}-inference`, "azurerm_role_assignment", "model-server-pull"),
  },
  {
    environment: "prod",
    name: "the workspace identity may not approve the model store's private endpoint",
    hop: "network: the workspace reaches the model store, approved",
    reason: /holds no Azure AI Enterprise Network Connection Approver on .*: the private endpoint stays pending/,
    breakIt: (copy) => remove(copy, `${PROD}-inference`, "azurerm_role_assignment", "model-store-approver"),
  },
  {
    environment: "prod",
    name: "Application Insights is not in the spoke's private link scope",
    hop: "telemetry: logger → Application Insights in the spoke's private link scope",
    reason: /no private link scope holding/,
    breakIt: (copy) => remove(copy, `${PROD}-network`, "azurerm_monitor_private_link_scoped_service", "scoped-application-insights"),
  },
  {
    environment: "dev",
    name: "the host name's zone is linked to no network",
    hop: "client host name → private DNS record",
    reason: /no virtual network .* is linked to/,
    breakIt: (copy) => remove(copy, `${DEV}-inference`, "azurerm_private_dns_zone_virtual_network_link", "host-name_link"),
  },
  {
    environment: "dev",
    name: "no Flux configuration applies the manifests",
    hop: "GitOps: the manifests Flux applies",
    reason: /no Flux configuration that applies every manifest of dev-eastus2-inference/,
    breakIt: (copy) => {
      (resource(copy, `${DEV}-inference`, "azurerm_kubernetes_flux_configuration", "flux_configuration").kustomizations as { path: string }[])[0].path = "./clusters/elsewhere";
    },
  },
  {
    environment: "dev",
    name: "the A record points where no load balancer listens",
    hop: "address → router's internal load balancer",
    reason: /no Service whose load balancer takes 10\.10\.10\.11/,
    breakIt: (copy) => {
      resource(copy, `${DEV}-inference`, "azurerm_private_dns_a_record", "host-name_record").records = ["10.10.10.11"];
    },
  },
  {
    environment: "dev",
    name: "the ingress subnet does not hold the router's address",
    hop: "address → router's internal load balancer",
    reason: /10\.10\.10\.10 is not in snet-model-ingress/,
    breakIt: (copy) => {
      resource(copy, `${DEV}-network`, "azurerm_subnet", "subnet-modelIngress").address_prefixes = ["10.10.11.0/28"];
    },
  },
  {
    environment: "dev",
    name: "the AKS control plane may not place the load balancer in the ingress subnet",
    hop: "address → router's internal load balancer",
    reason: /holds no Network Contributor on .*subnet-modelIngress/,
    breakIt: (copy) => remove(copy, `${DEV}-platform`, "azurerm_role_assignment", "subnet-modelIngress"),
  },
  {
    environment: "dev",
    name: "the router accepts tokens for another audience",
    hop: "router → model Services (Entra ID token required)",
    reason: /no token provider of the router accepts the audience api:\/\/fhi-clinical-model-dev/,
    breakIt: (copy) => editBlob(copy, `${DEV}-inference`, "manifests_router", '"audiences":["api://fhi-clinical-model-dev"]', '"audiences":["api://other"]'),
  },
  {
    environment: "dev",
    name: "the model Service listens on another port than the router calls",
    hop: "Services → model server Deployments",
    reason: /no port 8000 of Service model-serving\/model-blue/,
    breakIt: (copy) => editBlob(copy, `${DEV}-inference`, "manifests_model-servers", "      port: 8000\n      targetPort: http", "      port: 8001\n      targetPort: http"),
  },
  {
    environment: "dev",
    name: "the GPU pool's Spot taint is not tolerated",
    hop: "pods → GPU pool",
    reason: /pool gput4 is tainted kubernetes\.azure\.com\/scalesetpriority=spot:NoSchedule, which it does not tolerate/,
    breakIt: (copy) => editBlob(copy, `${DEV}-inference`, "manifests_model-servers", /\n {8}- key: kubernetes\.azure\.com\/scalesetpriority\n {10}operator: Equal\n {10}value: spot\n {10}effect: NoSchedule/, ""),
  },
  {
    environment: "dev",
    name: "no device plugin runs on the GPU pool",
    hop: "pods → GPU pool",
    reason: /no NVIDIA device plugin DaemonSet runs on GPU pool gput4/,
    breakIt: (copy) => editBlob(copy, `${DEV}-inference`, "manifests_device-plugin", "accelerator: nvidia", "accelerator: none"),
  },
  {
    environment: "dev",
    name: "the pods copy another model version",
    hop: "weights → models container through the spoke's private endpoint",
    reason: /copies clinical-llm-mini\/2\/, not the release's clinical-llm-mini\/1\//,
    breakIt: (copy) => editBlob(copy, `${DEV}-inference`, "manifests_model-servers", "- clinical-llm-mini/1/", "- clinical-llm-mini/2/"),
  },
  {
    environment: "dev",
    name: "the blob zone is not linked to the spoke",
    hop: "weights → models container through the spoke's private endpoint",
    reason: /has no blob private endpoint in .* registered in a privatelink\.blob zone linked to it/,
    breakIt: (copy) => remove(copy, `${DEV}-network`, "azurerm_private_dns_zone_virtual_network_link", "zone-blob-link"),
  },
  {
    environment: "dev",
    name: "the model server's federated credential names another service account",
    hop: "identity: pods sign in with workload identity",
    reason: /no federated credential of .* for system:serviceaccount:model-serving:model-server/,
    breakIt: (copy) => {
      resource(copy, `${DEV}-inference`, "azurerm_federated_identity_credential", "federation-modelServer").subject = "system:serviceaccount:default:model-server";
    },
  },
  {
    environment: "dev",
    name: "the model server identity may not read the models container",
    hop: "identity: the model server reads the models container",
    reason: /holds no Storage Blob Data Reader on/,
    breakIt: (copy) => remove(copy, `${DEV}-inference`, "azurerm_role_assignment", "model-server-weights"),
  },
  {
    environment: "dev",
    name: "the kubelet may not pull from the registry",
    hop: "identity: the kubelet pulls every image",
    reason: /holds no AcrPull on/,
    breakIt: (copy) => remove(copy, `${DEV}-platform`, "azurerm_role_assignment", "kubelet-pull"),
  },
  {
    environment: "dev",
    name: "the kubelet may not read the gitops container",
    hop: "identity: Flux reads the manifests as the kubelet",
    reason: /holds no Storage Blob Data Reader on .*gitops-container/,
    breakIt: (copy) => remove(copy, `${DEV}-inference`, "azurerm_role_assignment", "manifest-reader"),
  },
  {
    environment: "dev",
    name: "the server verifies other weights than the release",
    hop: "model: the server loads the released weights",
    reason: /verifies weights f{64}, not the release's/,
    breakIt: (copy) => editBlob(copy, `${DEV}-inference`, "manifests_model-servers", /(name: WEIGHTS_SHA256\n {14}value: )[0-9a-f]{64}/, `$1${"f".repeat(64)}`),
  },
];

describe("a broken link stops the walk at its hop", () => {
  it.each(brokenCases.map((testCase) => [`${testCase.environment}: ${testCase.name}`, testCase] as const))("%s", (_title, testCase) => {
    const copy = structuredClone(documents) as unknown as Documents;
    testCase.breakIt(copy);
    const walk = () => walkEnvironment(SynthesizedTerraform.of(copy as unknown as Record<string, StackDocument>), byName[testCase.environment]);
    expect(walk).toThrow(BrokenLink);
    try {
      walk();
    } catch (error) {
      expect({ hop: (error as BrokenLink).hop }).toEqual({ hop: testCase.hop });
      expect((error as BrokenLink).reason).toMatch(testCase.reason);
      expect((error as BrokenLink).message).toContain(`"${testCase.hop}"`);
    }
  });

  it("covers every hop of both walks with a broken case", () => {
    const hops = new Set(walks.flatMap((walk) => [...walk.api, ...walk.cluster].flatMap((path) => path.hops.map((hop) => hop.name))));
    expect([...hops].filter((hop) => !brokenCases.some((testCase) => testCase.hop === hop))).toEqual([]);
  });
});

test("docs/request-path.md shows the current walk of every environment", () => {
  const page = fs.readFileSync(PAGE, "utf8");
  const current = withWalkSections(withRequestPath(page, byName.prod, "eu"), walks);
  if (process.env.FHI_UPDATE_DOCS === "1") fs.writeFileSync(PAGE, current);
  // Stale: FHI_UPDATE_DOCS=1 npx jest __tests__/stacks/request-path-walk.test.ts
  expect(page).toBe(current);
});
