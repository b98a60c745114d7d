/**
 * One API request of an environment with a public API, walked on its synthesized Terraform: the client's host name
 * to Front Door, over Private Link to the region's API Management, to the Azure ML online endpoint its backend URL
 * names, and to the model the deployments mount, with the DNS, identities and telemetry each hop relies on.
 */
import { AZURE_ML_AUDIENCE, AZURE_ML_SCORING_PATH, PROBE_PATH } from "../../constructs/api-gateway/model-gateway";
import { SCORE_ACTION } from "../../constructs/api-gateway/scoring-access";
import { BLOB_READ_ROLES } from "../../policies/preflight/arm-scope";
import { MODELS_CONTAINER } from "../bootstrap-stack";
import { need, one, policyElement, Walk, type Hop } from "./hops";
import { addressOf, literal, same, valueAt, type Found, type SynthesizedTerraform } from "./terraform";
import { modelStoreContainer, privateEndpointsResolvedIn, virtualNetworkOfSubnet, type ServedModel } from "./shared";

export interface ApiRequest {
  readonly environment: string;
  /** The host name the client calls, e.g. eu.api.clinical-ai.hospital.example. */
  readonly hostname: string;
  /** The path the client calls, e.g. /model/v1/chat/completions. */
  readonly path: string;
  /** The model each deployment runs (its release's), by `<endpoint>/<deployment>`. */
  readonly models: Readonly<Record<string, ServedModel>>;
}

/** The path to one of the geography's gateways; a host name with failover has one per origin. */
export interface ApiRequestPath {
  readonly request: ApiRequest;
  readonly region: string;
  readonly gateway: string;
  readonly endpoint: string;
  readonly deployments: readonly string[];
  readonly hops: readonly Hop[];
}

const isArm = (found: Found, type: string) => String(found.block.type).toLowerCase().startsWith(`${type.toLowerCase()}@`);
const ENDPOINT_TYPE = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints";
const DEPLOYMENT_TYPE = `${ENDPOINT_TYPE}/deployments`;
const APPROVER = "Azure AI Enterprise Network Connection Approver";

/** Walks the request to every origin its host name's route can send it to. Throws BrokenLink at the first link that does not hold. */
export function walkApiRequest(estate: SynthesizedTerraform, request: ApiRequest): ApiRequestPath[] {
  const terraform = estate.environment(request.environment);
  const entry = new Walk();
  const route = entry.hop("client host name → Front Door", () => frontDoorDomain(terraform, request.hostname));
  const origins = entry.hop("Front Door → origin group", () => originGroup(terraform, route));
  return origins.map((origin) => {
    const walk = new Walk();
    walk.hops.push(...entry.hops);
    const gateway = walk.hop("origin → API Management (Private Link)", () => privateLinkOrigin(terraform, origin));
    const api = walk.hop("API Management → backend URL", () => backendUrl(terraform, gateway, request.path));
    const endpoint = walk.hop("backend URL → online endpoint", () => onlineEndpoint(terraform, request.environment, api));
    walk.hop("DNS: workspace private endpoint in zones linked to API Management's network", () => workspaceDns(terraform, gateway, endpoint));
    walk.hop("identity: the gateway may score the endpoint", () => scoringIdentity(terraform, gateway, api, endpoint));
    const deployments = walk.hop("path: /score reaches the model server's route", () => scoringRoute(terraform, api, endpoint));
    const store = walk.hop("model: each deployment mounts the released model asset", () => mountedModel(terraform, endpoint, deployments, request.models));
    walk.hop("identity: the endpoint reads the weights and pulls the image", () => endpointIdentity(terraform, endpoint, deployments, store));
    walk.hop("network: the workspace reaches the model store, approved", () => workspaceOutbound(terraform, endpoint, store));
    walk.hop("telemetry: logger → Application Insights in the spoke's private link scope", () => gatewayTelemetry(terraform, gateway));
    return {
      request,
      region: literal(gateway.apiManagement.block, "location")!,
      gateway: literal(gateway.apiManagement.block, "name")!,
      endpoint: literal(endpoint.endpoint.block, "name")!,
      deployments: deployments.map((deployment) => literal(deployment.block, "name")!),
      hops: walk.hops,
    };
  });
}

function frontDoorDomain(terraform: SynthesizedTerraform, hostname: string) {
  const domain = one(terraform.all("azurerm_cdn_frontdoor_custom_domain", { test: (found) => literal(found.block, "host_name") === hostname }), `Front Door custom domain with host_name ${hostname}`);
  need(literal(domain.block, "tls.minimum_tls_version") === "TLS12", `${addressOf(domain)} accepts TLS below 1.2`);
  const route = one(terraform.all("azurerm_cdn_frontdoor_route", { test: (found) => terraform.refersTo(found, "cdn_frontdoor_custom_domain_ids", domain, "id") }), `Front Door route for ${addressOf(domain)}`);
  need(literal(route.block, "forwarding_protocol") === "HttpsOnly" && valueAt(route.block, "https_redirect_enabled") === true, `${addressOf(route)} forwards or accepts plain HTTP`);
  const policy = one(terraform.all("azurerm_cdn_frontdoor_security_policy", { test: (found) => terraform.refersTo(found, "security_policies.firewall.association.domain", domain, "id") }), `WAF security policy covering ${addressOf(domain)}`);
  const waf = need(terraform.referenced(policy.stack, valueAt(policy.block, "security_policies.firewall.cdn_frontdoor_firewall_policy_id"), "id")[0], `${addressOf(policy)} names no WAF policy of the estate`);
  need(literal(waf.block, "mode") === "Prevention", `${addressOf(waf)} is not in Prevention mode`);
  return {
    facts: [`${hostname} is custom domain ${literal(domain.block, "name")} (TLS 1.2+), served by route ${literal(route.block, "name")} (HTTPS only)`, `WAF ${literal(waf.block, "name")} in Prevention mode covers it (${literal(policy.block, "name")})`],
    result: route,
  };
}

function originGroup(terraform: SynthesizedTerraform, route: Found) {
  const group = need(terraform.referenced(route.stack, route.block.cdn_frontdoor_origin_group_id, "id")[0], `${addressOf(route)} names no origin group of the estate`);
  const probe = literal(group.block, "health_probe.path");
  need(probe === PROBE_PATH && literal(group.block, "health_probe.protocol") === "Https", `${addressOf(group)} probes ${literal(group.block, "health_probe.protocol")} ${probe}, not API Management's health endpoint HTTPS ${PROBE_PATH}`);
  const origins = terraform.all("azurerm_cdn_frontdoor_origin", { test: (found) => terraform.refersTo(found, "cdn_frontdoor_origin_group_id", group, "id") && found.block.enabled !== false });
  need(origins.length > 0, `${addressOf(group)} has no enabled origin`);
  need(origins.every((origin) => terraform.refersTo(route, "cdn_frontdoor_origin_ids", origin, "id")), `${addressOf(route)} does not list every origin of ${addressOf(group)}`);
  return { facts: [`origin group ${literal(group.block, "name")} probes HTTPS GET ${probe}, API Management's own health endpoint`, `origins: ${origins.map((origin) => `${literal(origin.block, "name")} (priority ${String(origin.block.priority)})`).join(", ")}`], result: origins };
}

interface Gateway {
  readonly apiManagement: Found;
  readonly network: Found;
}

function privateLinkOrigin(terraform: SynthesizedTerraform, origin: Found) {
  need(literal(origin.block, "private_link.target_type") === "Gateway", `${addressOf(origin)} is not a Private Link origin to an API Management gateway`);
  const apiManagement = one(terraform.referenced(origin.stack, valueAt(origin.block, "private_link.private_link_target_id"), "id").filter((found) => found.type === "azurerm_api_management"), `API Management behind ${addressOf(origin)}'s Private Link`);
  need(terraform.refersTo(origin, "host_name", apiManagement, "gateway_url") && terraform.refersTo(origin, "origin_host_header", apiManagement, "gateway_url"), `${addressOf(origin)} does not send ${addressOf(apiManagement)}'s own host name`);
  need(origin.block.certificate_name_check_enabled === true, `${addressOf(origin)} does not check the gateway's certificate name`);
  const region = literal(apiManagement.block, "location");
  need(literal(origin.block, "private_link.location") === region, `${addressOf(origin)}'s Private Link location is not ${region}, the gateway's`);
  need(apiManagement.block.public_network_access_enabled !== true, `${addressOf(apiManagement)} has public network access on`);
  const subnet = one(terraform.referenced(apiManagement.stack, valueAt(apiManagement.block, "virtual_network_configuration.subnet_id"), "id"), `subnet ${addressOf(apiManagement)} is integrated with`);
  const network = need(virtualNetworkOfSubnet(terraform, subnet), `${addressOf(subnet)}'s virtual network is not in the estate`);
  return {
    facts: [`${literal(origin.block, "name")} → ${literal(apiManagement.block, "name")} (${region}) over Private Link, host ${literal(apiManagement.block, "name")}'s gateway URL, certificate name checked`, `outbound through ${literal(subnet.block, "name")} of ${literal(network.block, "name")}`],
    result: { apiManagement, network },
  };
}

interface GatewayApi {
  readonly operation: Found;
  readonly policies: readonly Found[];
  readonly backend: Found;
  readonly endpointName: string;
  readonly region: string;
}

function backendUrl(terraform: SynthesizedTerraform, gateway: Gateway, clientPath: string) {
  const [, apiPath, ...rest] = clientPath.split("/");
  const operationPath = `/${rest.join("/")}`;
  const onGateway = (found: Found) => terraform.refersTo(found, "api_management_name", gateway.apiManagement, "name");
  const api = one(terraform.all("azurerm_api_management_api", { test: (found) => onGateway(found) && literal(found.block, "path") === apiPath }), `API at /${apiPath} on ${addressOf(gateway.apiManagement)}`);
  const operation = one(
    terraform.all("azurerm_api_management_api_operation", { test: (found) => terraform.refersTo(found, "api_name", api, "name") && literal(found.block, "method") === "POST" && literal(found.block, "url_template") === operationPath }),
    `POST ${operationPath} operation of ${addressOf(api)}`,
  );
  const products = terraform.all("azurerm_api_management_product_api", { test: (found) => terraform.refersTo(found, "api_name", api, "name") }).flatMap((link) => terraform.referenced(link.stack, link.block.product_id, "product_id"));
  const policies = products.map((product) => need(terraform.all("azurerm_api_management_product_policy", { test: (found) => terraform.refersTo(found, "product_id", product, "product_id") })[0], `product ${literal(product.block, "product_id")} has no policy`));
  need(policies.length > 0, `no product offers ${addressOf(api)}`);
  const backendIds = new Set(policies.map((policy) => need(policyElement(String(policy.block.xml_content), "set-backend-service")?.["backend-id"], `${addressOf(policy)} sets no backend`)));
  const backendId = one([...backendIds], `backend of the products' policies (${[...backendIds].join(", ")})`);
  const backend = one(terraform.all("azurerm_api_management_backend", { test: (found) => onGateway(found) && literal(found.block, "name") === backendId }), `backend ${backendId} on ${addressOf(gateway.apiManagement)}`);
  const url = need(literal(backend.block, "url"), `${addressOf(backend)} has no literal URL`);
  const [, endpointName, region] = need(/^https:\/\/([a-z0-9-]+)\.([a-z0-9]+)\.inference\.ml\.azure\.com\/?$/.exec(url), `${addressOf(backend)} calls ${url}, not an online endpoint's https://<endpoint>.<region>.inference.ml.azure.com`);
  need(region === literal(gateway.apiManagement.block, "location"), `${addressOf(backend)} calls an endpoint in ${region}, not in the gateway's region ${literal(gateway.apiManagement.block, "location")}`);
  need(valueAt(backend.block, "tls.validate_certificate_chain") === true && valueAt(backend.block, "tls.validate_certificate_name") === true, `${addressOf(backend)} does not validate the endpoint's certificate`);
  return {
    facts: [`${clientPath} is API ${literal(api.block, "name")} (/${apiPath}), operation ${literal(operation.block, "operation_id")} (POST ${operationPath})`, `products ${products.map((product) => literal(product.block, "product_id")).join(", ")} send it to backend ${backendId}: ${url}`],
    result: { operation, policies, backend, endpointName, region },
  };
}

interface Endpoint {
  readonly endpoint: Found;
  readonly workspace: Found;
}

function onlineEndpoint(terraform: SynthesizedTerraform, environment: string, api: GatewayApi) {
  const stack = `${environment}-${api.region}-inference`;
  const endpoint = one(terraform.all("azapi_resource", { stack, test: (found) => isArm(found, ENDPOINT_TYPE) && literal(found.block, "name") === api.endpointName }), `online endpoint ${api.endpointName} in ${stack}`);
  need(valueAt(endpoint.block, "body.properties.authMode") === "AADToken", `${addressOf(endpoint)} does not require Entra ID tokens`);
  need(valueAt(endpoint.block, "body.properties.publicNetworkAccess") === "Disabled", `${addressOf(endpoint)} is reachable from the internet`);
  const workspace = one(terraform.referenced(endpoint.stack, endpoint.block.parent_id, "id").filter((found) => found.type === "azurerm_machine_learning_workspace"), `workspace of ${addressOf(endpoint)}`);
  return { facts: [`${api.endpointName} in ${stack}: Entra ID tokens only, no public network access, in workspace ${literal(workspace.block, "name")}`], result: { endpoint, workspace } };
}

function workspaceDns(terraform: SynthesizedTerraform, gateway: Gateway, endpoint: Endpoint) {
  const resolved = privateEndpointsResolvedIn(terraform, endpoint.workspace, "amlworkspace", gateway.network);
  const zones = resolved.flatMap((entry) => entry.zones);
  need(zones.some((zone) => literal(zone.block, "name")?.startsWith("privatelink.api.azureml.")), `no private endpoint of ${addressOf(endpoint.workspace)} registers in a privatelink.api.azureml.* zone linked to ${addressOf(gateway.network)}`);
  return { facts: resolved.map((entry) => `${literal(entry.privateEndpoint.block, "name")} registers in ${entry.zones.map((zone) => literal(zone.block, "name")).join(", ")}, linked to ${literal(gateway.network.block, "name")}`), result: undefined };
}

function scoringIdentity(terraform: SynthesizedTerraform, gateway: Gateway, api: GatewayApi, endpoint: Endpoint) {
  const identities = api.policies.map((policy) => {
    const element = need(policyElement(String(policy.block.xml_content), "authentication-managed-identity"), `${addressOf(policy)} does not authenticate to the backend with a managed identity`);
    need(element.resource === AZURE_ML_AUDIENCE, `${addressOf(policy)} asks for a token for ${element.resource}, not ${AZURE_ML_AUDIENCE}`);
    return one(terraform.referenced(policy.stack, element["client-id"], "client_id"), `identity whose client ID ${addressOf(policy)} uses`);
  });
  const identity = identities[0];
  need(identities.every((candidate) => same(candidate, identity)), "the products authenticate as different identities");
  need(terraform.refersTo(gateway.apiManagement, "identity.identity_ids", identity, "id"), `${addressOf(gateway.apiManagement)} is not assigned ${addressOf(identity)}`);
  const role = one(terraform.all("azurerm_role_definition", { test: (found) => JSON.stringify(found.block.permissions ?? []).includes(SCORE_ACTION) }), `role definition with ${SCORE_ACTION}`);
  const grants = terraform.grants(identity, role, endpoint.endpoint);
  need(grants.length > 0, `${addressOf(identity)} holds no ${literal(role.block, "name")} on ${addressOf(endpoint.endpoint)}`);
  return { facts: [`token of ${literal(identity.block, "name")} for ${AZURE_ML_AUDIENCE}`, `it holds ${grants.map((grant) => terraform.describeGrant(grant)).join(", ")}, a role with the one data action ${SCORE_ACTION}`], result: identity };
}

function scoringRoute(terraform: SynthesizedTerraform, api: GatewayApi, endpoint: Endpoint) {
  for (const policy of api.policies) {
    const rewrite = policyElement(String(policy.block.xml_content), "rewrite-uri")?.template;
    need(rewrite === AZURE_ML_SCORING_PATH, `${addressOf(policy)} rewrites the path to ${rewrite ?? "nothing"}, not ${AZURE_ML_SCORING_PATH}, the one path an online endpoint forwards to the container`);
  }
  const route = literal(api.operation.block, "url_template")!;
  const deployments = terraform.all("azapi_resource", { test: (found) => isArm(found, DEPLOYMENT_TYPE) && terraform.refersTo(found, "parent_id", endpoint.endpoint, "id") });
  need(deployments.length > 0, `${addressOf(endpoint.endpoint)} has no deployment`);
  const traffic = one(terraform.all("azapi_update_resource", { test: (found) => terraform.refersTo(found, "resource_id", endpoint.endpoint, "id") && valueAt(found.block, "body.properties.traffic") !== undefined }), `traffic split of ${addressOf(endpoint.endpoint)}`);
  const shares = valueAt(traffic.block, "body.properties.traffic") as Record<string, number>;
  const serving = deployments.filter((deployment) => (shares[literal(deployment.block, "name")!] ?? 0) > 0);
  need(serving.length > 0, `no deployment of ${addressOf(endpoint.endpoint)} takes traffic`);
  const facts = serving.map((deployment) => {
    const environment = one(terraform.referenced(deployment.stack, valueAt(deployment.block, "body.properties.environmentId"), "id"), `environment version of ${addressOf(deployment)}`);
    const scoring = valueAt(environment.block, "body.properties.inferenceConfig.scoringRoute") as { path?: string; port?: number } | undefined;
    const port = valueAt(deployment.block, "body.properties.environmentVariables.PORT");
    need(scoring?.path === route, `${addressOf(environment)} routes /score to ${scoring?.path ?? "nothing"}, not the model server's ${route}`);
    need(String(scoring?.port) === String(port), `${addressOf(environment)} routes to port ${scoring?.port}, the model server of ${addressOf(deployment)} listens on ${String(port)}`);
    return `${literal(deployment.block, "name")} (${shares[literal(deployment.block, "name")!]} %): ${AZURE_ML_SCORING_PATH} → ${route} on port ${String(port)} (environment ${literal(environment.block, "name")})`;
  });
  return { facts: [`the gateway calls ${AZURE_ML_SCORING_PATH} (rewritten from ${route})`, ...facts], result: serving };
}

function mountedModel(terraform: SynthesizedTerraform, endpoint: Endpoint, deployments: readonly Found[], models: ApiRequest["models"]) {
  const facts = deployments.map((deployment) => {
    const key = `${literal(endpoint.endpoint.block, "name")}/${literal(deployment.block, "name")}`;
    const model = need(models[key], `${addressOf(deployment)} is not a deployment of the environment's config (${key})`);
    const folder = `${model.name}/${model.version}/`;
    const version = one(terraform.referenced(deployment.stack, valueAt(deployment.block, "body.properties.model"), "id"), `model version ${addressOf(deployment)} mounts`);
    const container = one(terraform.referenced(version.stack, version.block.parent_id, "id"), `model of ${addressOf(version)}`);
    need(literal(container.block, "name") === model.name && literal(version.block, "name") === model.version, `${addressOf(deployment)} mounts ${literal(container.block, "name")}:${literal(version.block, "name")}, not the release ${model.name}:${model.version}`);
    need(valueAt(version.block, "body.properties.properties.weightsSha256") === model.weightsSha256, `${addressOf(version)} records weights ${String(valueAt(version.block, "body.properties.properties.weightsSha256"))}, not ${model.weightsSha256}`);
    const variables = valueAt(deployment.block, "body.properties.environmentVariables") as Record<string, string>;
    const mountPath = literal(deployment.block, "body.properties.modelMountPath");
    need(mountPath !== undefined && variables.MODEL_DIR === mountPath, `${addressOf(deployment)} mounts the model at ${mountPath ?? "no path"}, the server reads ${variables.MODEL_DIR}`);
    need(variables.WEIGHTS_SHA256 === model.weightsSha256, `${addressOf(deployment)}'s server verifies weights ${variables.WEIGHTS_SHA256}, not ${model.weightsSha256}`);
    const [, datastoreName, path] = need(/^azureml:\/\/datastores\/([^/]+)\/paths\/(.+)$/.exec(String(valueAt(version.block, "body.properties.modelUri"))), `${addressOf(version)}'s modelUri is not a datastore path`);
    need(path === folder, `${addressOf(version)} points at ${path}, not ${folder}`);
    const datastore = one(
      terraform.all("azapi_resource", { test: (found) => literal(found.block, "name") === datastoreName && terraform.refersTo(found, "parent_id", endpoint.workspace, "id") && valueAt(found.block, "body.properties.datastoreType") === "AzureBlob" }),
      `datastore ${datastoreName} of ${addressOf(endpoint.workspace)}`,
    );
    const store = need(modelStoreContainer(terraform, literal(datastore.block, "body.properties.accountName"), literal(datastore.block, "body.properties.containerName")), `${addressOf(datastore)} names a container the estate does not create`);
    need(literal(store.container.block, "name") === MODELS_CONTAINER, `${addressOf(datastore)} reads container ${literal(store.container.block, "name")}, not ${MODELS_CONTAINER}`);
    return { fact: `${literal(deployment.block, "name")} mounts ${model.name}:${model.version} at ${mountPath} (weights ${model.weightsSha256.slice(0, 12)}…) from ${literal(store.account.block, "name")}/${MODELS_CONTAINER}/${folder}`, store };
  });
  return { facts: facts.map((entry) => entry.fact), result: facts[0].store };
}

function endpointIdentity(terraform: SynthesizedTerraform, endpoint: Endpoint, deployments: readonly Found[], store: ReturnType<typeof mountedModel>["result"]) {
  const identity = one(terraform.referenced(endpoint.endpoint.stack, valueAt(endpoint.endpoint.block, "identity.identity_ids"), "id"), `user-assigned identity of ${addressOf(endpoint.endpoint)}`);
  const readers = terraform.grants(identity, BLOB_READ_ROLES, store.container);
  need(readers.length > 0, `${addressOf(identity)} holds no Storage Blob Data Reader on ${addressOf(store.container)}`);
  const registries = deployments.flatMap((deployment) => {
    const environment = terraform.referenced(deployment.stack, valueAt(deployment.block, "body.properties.environmentId"), "id")[0];
    return terraform.referenced(environment.stack, valueAt(environment.block, "body.properties.image"), "login_server");
  });
  const registry = one([...new Map(registries.map((found) => [addressOf(found), found])).values()], "registry of the environment image");
  const pulls = terraform.grants(identity, ["AcrPull"], registry);
  need(pulls.length > 0, `${addressOf(identity)} holds no AcrPull on ${addressOf(registry)}`);
  return { facts: [`${literal(identity.block, "name")} reads ${literal(store.account.block, "name")}/${MODELS_CONTAINER} (${readers.map((grant) => terraform.describeGrant(grant)).join(", ")})`, `and pulls from ${literal(registry.block, "name")} (${pulls.map((grant) => terraform.describeGrant(grant)).join(", ")})`], result: undefined };
}

function workspaceOutbound(terraform: SynthesizedTerraform, endpoint: Endpoint, store: ReturnType<typeof mountedModel>["result"]) {
  const rule = one(
    terraform.all("azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint", {
      test: (found) => terraform.refersTo(found, "workspace_id", endpoint.workspace, "id") && terraform.target(found, "service_resource_id") !== undefined && same(terraform.target(found, "service_resource_id")!, store.account),
    }),
    `managed-network private endpoint rule of ${addressOf(endpoint.workspace)} to ${addressOf(store.account)}`,
  );
  need(literal(rule.block, "sub_resource_target") === "blob", `${addressOf(rule)} targets ${literal(rule.block, "sub_resource_target")}, not blob`);
  const mode = literal(endpoint.workspace.block, "managed_network.isolation_mode");
  need(mode !== undefined && mode !== "Disabled", `${addressOf(endpoint.workspace)} has no managed network`);
  const identity = one(terraform.referenced(endpoint.workspace.stack, endpoint.workspace.block.primary_user_assigned_identity, "id"), `primary identity of ${addressOf(endpoint.workspace)}`);
  const grants = terraform.grants(identity, [APPROVER], store.account);
  need(grants.length > 0, `${addressOf(identity)} holds no ${APPROVER} on ${addressOf(store.account)}: the private endpoint stays pending`);
  return { facts: [`${literal(rule.block, "name")}: managed-network private endpoint (${mode}) to ${literal(store.account.block, "name")} (blob)`, `${literal(identity.block, "name")} approves it (${grants.map((grant) => terraform.describeGrant(grant)).join(", ")})`], result: undefined };
}

function gatewayTelemetry(terraform: SynthesizedTerraform, gateway: Gateway) {
  const logger = one(terraform.all("azapi_resource", { test: (found) => isArm(found, "Microsoft.ApiManagement/service/loggers") && terraform.refersTo(found, "parent_id", gateway.apiManagement, "id") }), `logger of ${addressOf(gateway.apiManagement)}`);
  const insights = one(terraform.referenced(logger.stack, valueAt(logger.block, "body.properties.resourceId"), "id").filter((found) => found.type === "azurerm_application_insights"), `Application Insights of ${addressOf(logger)}`);
  const identity = one(terraform.referenced(logger.stack, valueAt(logger.block, "body.properties.credentials.identityClientId"), "client_id"), `identity ${addressOf(logger)} sends as`);
  need(terraform.grants(identity, ["Monitoring Metrics Publisher"], insights).length > 0, `${addressOf(identity)} may not publish to ${addressOf(insights)}`);
  const scoped = one(terraform.all("azurerm_monitor_private_link_scoped_service", { test: (found) => terraform.refersTo(found, "linked_resource_id", insights, "id") }), `private link scope holding ${addressOf(insights)}`);
  const scope = one(terraform.referenced(scoped.stack, scoped.block.scope_name, "name"), `private link scope of ${addressOf(scoped)}`);
  const resolved = privateEndpointsResolvedIn(terraform, scope, "azuremonitor", gateway.network);
  need(resolved.length > 0, `${addressOf(scope)} has no private endpoint in ${addressOf(gateway.network)}`);
  return {
    facts: [
      `logger ${literal(logger.block, "name")} sends to ${literal(insights.block, "name")} as ${literal(identity.block, "name")} (Monitoring Metrics Publisher)`,
      `${literal(insights.block, "name")} is in private link scope ${literal(scope.block, "name")}, reached through ${resolved.map((entry) => literal(entry.privateEndpoint.block, "name")).join(", ")} in ${literal(gateway.network.block, "name")}`,
    ],
    result: undefined,
  };
}
