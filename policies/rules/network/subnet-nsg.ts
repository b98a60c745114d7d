import { oneOf, sameText } from "../../engine/checks";
import { defineRule, fail, pass, unknown, type Verdict } from "../../engine/rule";
import { blocksAt, isAbsent, isUnknown, isValueObject, valueAt, type Value } from "../../model/value";
import type { Resource } from "../../model/resource";
import type { ResourceModel } from "../../model/model";
import { AZURERM_2_TO_4 } from "../common/generations";

/** Subnets Azure does not allow an NSG on (names compared as Azure does, without case). */
const EXEMPT_NAMES = ["GatewaySubnet", "AzureFirewallSubnet", "AzureFirewallManagementSubnet", "RouteServerSubnet"];
/** Azure NetApp Files subnets take no NSG on Basic network features (checkov exempts them too). */
const NETAPP_DELEGATION = "Microsoft.Netapp/volumes";

/** Why a subnet needs no NSG, or undefined. */
function exemption(subnet: Value): string | undefined {
  if (!isValueObject(subnet)) return undefined;
  if (oneOf(...EXEMPT_NAMES)(subnet.name ?? null)) return `${String(subnet.name)} cannot have an NSG`;
  const delegations = blocksAt(subnet, "delegation");
  const delegated = isUnknown(delegations) ? [] : delegations.map((delegation) => valueAt(delegation, "service_delegation.name"));
  return delegated.some((name) => sameText(name, NETAPP_DELEGATION)) ? "delegated to Azure NetApp Files" : undefined;
}

function checkSubnet(resource: Resource, model: ResourceModel): Verdict {
  const exempt = exemption(resource.values);
  if (exempt) return pass(exempt);
  const associations = model.referrers(resource, { types: ["azurerm_subnet_network_security_group_association"], path: "subnet_id" });
  return associations.length > 0
    ? pass(`associated with an NSG by ${associations[0].resource.address}`)
    : fail("no azurerm_subnet_network_security_group_association in the input points at this subnet");
}

function checkInlineSubnets(resource: Resource): Verdict {
  const subnets = blocksAt(resource.values, "subnet");
  if (isUnknown(subnets)) return unknown("subnets come from an expression");
  const bare = subnets.filter((subnet) => isValueObject(subnet) && !exemption(subnet) && isAbsent(valueAt(subnet, "security_group")));
  return bare.length > 0
    ? fail(`inline subnet(s) ${bare.map((subnet) => String(isValueObject(subnet) ? subnet.name : "?")).join(", ")} have no security_group`)
    : pass(subnets.length === 0 ? "no inline subnets" : "every inline subnet has a security_group");
}

export const subnetHasNsg = defineRule({
  id: "FHI-NET-001",
  title: "Subnets have a network security group",
  severity: "error",
  service: "network",
  resourceTypes: ["azurerm_subnet", "azurerm_virtual_network"],
  generations: AZURERM_2_TO_4,
  rationale: "A subnet without an NSG has no layer-4 boundary: anything that reaches the virtual network reaches every host in it.",
  remediation: "Create an azurerm_subnet_network_security_group_association for the subnet (or set security_group on inline subnets).",
  references: { checkov: ["CKV2_AZURE_31"], azurePolicy: ["e71308d3-144b-4262-b144-efdc3cc90517"], hipaa: ["164.312(e)(1)", "164.312(a)(1)"] },
  check: (resource, model) => (resource.type === "azurerm_subnet" ? checkSubnet(resource, model) : checkInlineSubnets(resource)),
});
