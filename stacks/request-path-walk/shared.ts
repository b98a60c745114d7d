/** What both walks check the same way: the model release, virtual networks, private endpoints and their DNS, the model store. */
import { literal, same, valueAt, type Found, type SynthesizedTerraform } from "./terraform";

/** The model release an environment serves (its model description: name, version, the weights' sha256). */
export interface ServedModel {
  readonly name: string;
  readonly version: string;
  readonly weightsSha256: string;
}

/** The virtual network a subnet belongs to. */
export function virtualNetworkOfSubnet(terraform: SynthesizedTerraform, subnet: Found): Found | undefined {
  return terraform.referenced(subnet.stack, subnet.block.virtual_network_name, "name").find((found) => found.type === "azurerm_virtual_network");
}

/** Does a private DNS zone have a link to `network`? */
function linkedTo(terraform: SynthesizedTerraform, zone: Found, network: Found): boolean {
  return terraform.all("azurerm_private_dns_zone_virtual_network_link", { test: (link) => terraform.refersTo(link, "private_dns_zone_name", zone, "name") && terraform.refersTo(link, "virtual_network_id", network, "id") }).length > 0;
}

export interface ResolvedPrivateEndpoint {
  readonly privateEndpoint: Found;
  /** The zones it registers in that are linked to the network. */
  readonly zones: readonly Found[];
}

/**
 * The private endpoints of `target` for `subresource` that sit in `network` and register in private DNS zones linked
 * to it: what makes the target's name resolve to a private address there (Learn: private-endpoint-dns).
 */
export function privateEndpointsResolvedIn(terraform: SynthesizedTerraform, target: Found, subresource: string, network: Found): ResolvedPrivateEndpoint[] {
  return terraform
    .all("azurerm_private_endpoint", {
      test: (found) => {
        const connected = terraform.target(found, "private_service_connection.private_connection_resource_id");
        const names = valueAt(found.block, "private_service_connection.subresource_names");
        return connected !== undefined && same(connected, target) && Array.isArray(names) && names.some((name) => String(name).toLowerCase() === subresource.toLowerCase());
      },
    })
    .filter((privateEndpoint) => terraform.referenced(privateEndpoint.stack, privateEndpoint.block.subnet_id, "id").some((subnet) => virtualNetworkOfSubnet(terraform, subnet) && same(virtualNetworkOfSubnet(terraform, subnet)!, network)))
    .map((privateEndpoint) => ({ privateEndpoint, zones: terraform.referenced(privateEndpoint.stack, valueAt(privateEndpoint.block, "private_dns_zone_group.private_dns_zone_ids"), "id").filter((zone) => linkedTo(terraform, zone, network)) }))
    .filter((entry) => entry.zones.length > 0);
}

/** The storage account of that name and its container of that name, both created by the estate. */
export function modelStoreContainer(terraform: SynthesizedTerraform, accountName: string | undefined, containerName: string | undefined): { readonly account: Found; readonly container: Found } | undefined {
  const account = terraform.all("azurerm_storage_account", { test: (found) => literal(found.block, "name") === accountName })[0];
  const container = account && terraform.all("azurerm_storage_container", { test: (found) => literal(found.block, "name") === containerName && terraform.target(found, "storage_account_id") !== undefined && same(terraform.target(found, "storage_account_id")!, account) })[0];
  return account && container ? { account, container } : undefined;
}
