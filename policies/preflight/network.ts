import { fail, pass, unknown, type Verdict } from "../engine/rule";
import { blocksAt, isUnknown, valueAt, type Value } from "../model/value";
import type { Resource } from "../model/resource";
import type { DeploymentModel } from "./deployment";

/** A data plane a resource's provider calls, and the Private Link sub-resource and DNS zone that reach it. */
export interface DataPlane {
  readonly subresource: "blob" | "vault" | "queue" | "file" | "table" | "dfs";
  /** Leading labels of the zone's name in every cloud, e.g. `privatelink.blob.` (privatelink.blob.core.windows.net). */
  readonly zonePrefix: string;
}

export const BLOB: DataPlane = { subresource: "blob", zonePrefix: "privatelink.blob." };
export const VAULT: DataPlane = { subresource: "vault", zonePrefix: "privatelink.vaultcore." };

const first = (resources: readonly Resource[]) => resources[0] as Resource | undefined;

/** The virtual network a subnet (referenced at `path` of `resource`) belongs to. */
function networkOfSubnetAt(model: DeploymentModel, resource: Resource, path: string): Resource | undefined {
  const subnet = first(model.referencedBy(resource, path).filter((target) => target.type === "azurerm_subnet"));
  return subnet && first(model.referencedBy(subnet, "virtual_network_name").filter((target) => target.type === "azurerm_virtual_network"));
}

/**
 * The networks deploy runners run in: the subnet of a Container Apps environment that hosts a job scaled by KEDA's
 * `github-runner` rule, or the subnet GitHub's hosted runners are injected into (GitHub.Network/networkSettings).
 */
export function runnerNetworks(model: DeploymentModel): Resource[] {
  const networks = new Map<string, Resource>();
  for (const job of model.ofType("azurerm_container_app_job")) {
    const rules = blocksAt(job.values, "event_trigger_config.scale.rules");
    if (isUnknown(rules) || !rules.some((rule) => valueAt(rule, "custom_rule_type") === "github-runner")) continue;
    const environment = first(model.referencedBy(job, "container_app_environment_id"));
    const network = environment && networkOfSubnetAt(model, environment, "infrastructure_subnet_id");
    if (network) networks.set(network.key, network);
  }
  for (const settings of model.ofType("azapi_resource").filter((resource) => String(resource.values.type).toLowerCase().startsWith("github.network/networksettings@"))) {
    const network = networkOfSubnetAt(model, settings, "body.properties.subnetId");
    if (network) networks.set(network.key, network);
  }
  return [...networks.values()];
}

function isFalse(value: Value | undefined): boolean {
  return value === false || (typeof value === "string" && value.toLowerCase() === "false");
}

/** Reachable over its public endpoint: public network access on and the firewall's default action Allow. */
function publiclyReachable(target: Resource): boolean {
  if (isFalse(valueAt(target.values, "public_network_access_enabled"))) return false;
  const action = valueAt(target.values, target.type === "azurerm_key_vault" ? "network_acls.default_action" : "network_rules.default_action");
  return typeof action !== "string" || action.toLowerCase() === "allow";
}

/**
 * Whether the deploy runners reach `target`'s data plane when `caller` needs it: over its public endpoint, or
 * through a private endpoint for the sub-resource in a runner network, registered in a zone of the right name that
 * is linked to that network, all of them created before the caller (an earlier stack, or a dependency).
 */
export function reachability(model: DeploymentModel, caller: Resource, target: Resource, plane: DataPlane): Verdict {
  const what = `${target.address} (${plane.subresource})`;
  if (publiclyReachable(target)) return pass(`${what} has public network access; the runners reach it over the internet`);
  const runners = runnerNetworks(model);
  if (runners.length === 0) return unknown(`${what} is private and the input declares no deploy runner network to check the path from`);
  const endpoints = model
    .referrers(target, { types: ["azurerm_private_endpoint"], path: "private_service_connection.private_connection_resource_id" })
    .map((referrer) => referrer.resource)
    .filter((endpoint) => {
      const names = valueAt(endpoint.values, "private_service_connection.subresource_names");
      return Array.isArray(names) && names.some((name) => String(name).toLowerCase() === plane.subresource);
    });
  const inRunnerNetwork = endpoints.filter((endpoint) => runners.some((network) => network.key === networkOfSubnetAt(model, endpoint, "subnet_id")?.key));
  if (inRunnerNetwork.length === 0) {
    return fail(`${what} has no public network access and no ${plane.subresource} private endpoint in the deploy runners' network (${runners.map((network) => network.address).join(", ")})`);
  }
  const problems: string[] = [];
  for (const endpoint of inRunnerNetwork) {
    const network = networkOfSubnetAt(model, endpoint, "subnet_id")!;
    const zones = model.referencedBy(endpoint, "private_dns_zone_group.private_dns_zone_ids").filter((zone) => String(zone.values.name).startsWith(plane.zonePrefix));
    const linked = zones.filter((zone) =>
      model
        .referrers(zone, { types: ["azurerm_private_dns_zone_virtual_network_link"], path: "private_dns_zone_name" })
        .some((link) => model.referencedBy(link.resource, "virtual_network_id").some((linkedNetwork) => linkedNetwork.key === network.key) && model.existsBefore(link.resource, caller)),
    );
    if (zones.length === 0) problems.push(`${endpoint.address} registers in no ${plane.zonePrefix}* zone, so ${target.address} resolves to its public address`);
    else if (linked.length === 0) problems.push(`${endpoint.address}'s zone is not linked to ${network.address} before ${caller.address} runs`);
    else if (!model.existsBefore(endpoint, caller)) problems.push(`${endpoint.address} is not created before ${caller.address} (an earlier stack, or a dependency in the same one)`);
    else return pass(`${what} through ${endpoint.address} in ${network.address}, resolved by ${linked[0].values.name as string}`);
  }
  return fail(problems.join("; "));
}
