import type { ResourceModel } from "../../model/model";
import type { Resource } from "../../model/resource";
import { fail, pass, type Verdict } from "../../engine/rule";

/** Attribute paths through which a private endpoint names the resource it connects to. */
const PRIVATE_LINK_PATHS = ["private_service_connection.private_connection_resource_id", "body.properties.privateLinkServiceConnections.properties.privateLinkServiceId"];

/** Passes when a private endpoint (azurerm or azapi) in the model connects to the resource. */
export function hasPrivateEndpoint(resource: Resource, model: ResourceModel): Verdict {
  const endpoints = model.referrers(resource, { types: ["azurerm_private_endpoint", "azapi_resource"] }).filter((referrer) => PRIVATE_LINK_PATHS.includes(referrer.path));
  return endpoints.length > 0
    ? pass(`private endpoint ${endpoints.map((endpoint) => endpoint.resource.address).join(", ")} connects to it`)
    : fail("no private endpoint in the input connects to it (private_service_connection.private_connection_resource_id)");
}
