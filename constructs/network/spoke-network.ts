import { Construct } from "constructs";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { Subnet, type SubnetDelegation } from "@cdktf/provider-azurerm/lib/subnet";
import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { NetworkSecurityRule } from "@cdktf/provider-azurerm/lib/network-security-rule";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { RouteTable } from "@cdktf/provider-azurerm/lib/route-table";
import { SubnetRouteTableAssociation } from "@cdktf/provider-azurerm/lib/subnet-route-table-association";
import { VirtualNetworkPeering } from "@cdktf/provider-azurerm/lib/virtual-network-peering";
import { ResourceInterfaces } from "../shared/resource-interfaces";
import type { DiagnosticsProps } from "../shared/interfaces";

/** An inbound or outbound rule on one subnet's NSG, beside the deny-from-Internet rule. */
export interface SecurityRuleProps {
  readonly name: string;
  /** 100-4095; 4096 is the deny-from-Internet rule. */
  readonly priority: number;
  readonly direction: "Inbound" | "Outbound";
  readonly access: "Allow" | "Deny";
  readonly protocol: "Tcp" | "Udp" | "Icmp" | "*";
  readonly sourceAddressPrefix: string;
  readonly destinationAddressPrefix: string;
  readonly destinationPortRange: string;
  readonly description?: string;
}

export interface SubnetProps {
  readonly name: string;
  readonly addressPrefix: string;
  readonly securityGroupName: string;
  readonly delegation?: SubnetDelegation;
  /** Send this subnet's default route to the hub firewall (when a hub is given). Default: false. */
  readonly egressViaHub?: boolean;
  readonly securityRules?: readonly SecurityRuleProps[];
}

export interface HubConnectionProps {
  readonly vnetId: string;
  readonly firewallPrivateIp: string;
  readonly routeTableName: string;
}

export interface SpokeNetworkProps<Role extends string> {
  readonly name: string;
  readonly location: string;
  readonly resourceGroupName: string;
  readonly addressSpace: readonly string[];
  readonly subnets: Readonly<Record<Role, SubnetProps>>;
  /** Peer with this hub and route the egress of `egressViaHub` subnets through its firewall. Default: standalone spoke. */
  readonly hub?: HubConnectionProps;
  /** Default: Azure-provided DNS. */
  readonly dnsServers?: readonly string[];
  /**
   * Let VMs reach the internet through Azure's implicit outbound address. Default: false: every egress path is
   * declared (a load balancer, a NAT gateway or the hub firewall).
   */
  readonly defaultOutboundAccess?: boolean;
  /** Add an explicit deny of all inbound traffic from the Internet service tag to every NSG. Default: true. */
  readonly denyInternetInbound?: boolean;
  readonly diagnostics?: DiagnosticsProps;
  readonly tags?: Readonly<Record<string, string>>;
}

export const DENY_INTERNET_INBOUND_PRIORITY = 4096;

/**
 * A spoke virtual network: separate subnets (never inline blocks, so other stacks can reference them), one NSG per
 * subnet that denies inbound traffic from the Internet, no implicit outbound access, and, with a hub, a peering
 * and a route table that sends 0.0.0.0/0 to the hub firewall.
 */
export class SpokeNetwork<Role extends string> extends Construct {
  readonly virtualNetwork: VirtualNetwork;
  readonly subnets = {} as Record<Role, Subnet>;
  readonly securityGroups = {} as Record<Role, NetworkSecurityGroup>;
  readonly routeTable?: RouteTable;
  readonly peering?: VirtualNetworkPeering;

  constructor(scope: Construct, id: string, props: SpokeNetworkProps<Role>) {
    super(scope, id);
    const placement = { location: props.location, resourceGroupName: props.resourceGroupName };
    this.virtualNetwork = new VirtualNetwork(this, "vnet", {
      ...placement,
      name: props.name,
      addressSpace: [...props.addressSpace],
      dnsServers: props.dnsServers ? [...props.dnsServers] : undefined,
      tags: props.tags,
    });
    new ResourceInterfaces(this, "vnet-interfaces", { resourceId: this.virtualNetwork.id, placement: { ...placement, name: props.name }, props });

    if (props.hub) {
      this.routeTable = new RouteTable(this, "route-table", {
        ...placement,
        name: props.hub.routeTableName,
        // Routes learnt from gateways could bypass the firewall.
        bgpRoutePropagationEnabled: false,
        route: [{ name: "default-via-hub-firewall", addressPrefix: "0.0.0.0/0", nextHopType: "VirtualAppliance", nextHopInIpAddress: props.hub.firewallPrivateIp }],
        tags: props.tags,
      });
      this.peering = new VirtualNetworkPeering(this, "hub-peering", {
        name: `peer-${props.name}-to-hub`,
        resourceGroupName: props.resourceGroupName,
        virtualNetworkName: this.virtualNetwork.name,
        remoteVirtualNetworkId: props.hub.vnetId,
        allowVirtualNetworkAccess: true,
        // Replies the firewall forwards back to us.
        allowForwardedTraffic: true,
        allowGatewayTransit: false,
        useRemoteGateways: false,
      });
    }

    for (const [role, subnet] of Object.entries(props.subnets) as [Role, SubnetProps][]) {
      this.addSubnet(role, subnet, props);
    }
  }

  private addSubnet(role: Role, subnet: SubnetProps, props: SpokeNetworkProps<Role>): void {
    const placement = { location: props.location, resourceGroupName: props.resourceGroupName };
    const created = new Subnet(this, `subnet-${role}`, {
      name: subnet.name,
      resourceGroupName: props.resourceGroupName,
      virtualNetworkName: this.virtualNetwork.name,
      addressPrefixes: [subnet.addressPrefix],
      defaultOutboundAccessEnabled: props.defaultOutboundAccess ?? false,
      // NSGs and route tables apply to private endpoints too.
      privateEndpointNetworkPolicies: "Enabled",
      delegation: subnet.delegation ? [subnet.delegation] : undefined,
    });
    const nsg = new NetworkSecurityGroup(this, `nsg-${role}`, { ...placement, name: subnet.securityGroupName, tags: props.tags });
    // Rules as separate resources: another stack may add its own without the NSG's inline list removing them.
    const rules = [...(subnet.securityRules ?? [])];
    for (const rule of rules) {
      if (!Number.isInteger(rule.priority) || rule.priority < 100 || rule.priority >= DENY_INTERNET_INBOUND_PRIORITY) {
        throw new Error(
          `${this.node.path}: subnets.${role}.securityRules "${rule.name}" has priority ${rule.priority}. Fix: use 100-${DENY_INTERNET_INBOUND_PRIORITY - 1}; ${DENY_INTERNET_INBOUND_PRIORITY} is the deny-from-Internet rule`,
        );
      }
    }
    if (props.denyInternetInbound ?? true) {
      rules.push({
        name: "deny-internet-inbound",
        priority: DENY_INTERNET_INBOUND_PRIORITY,
        direction: "Inbound",
        access: "Deny",
        protocol: "*",
        sourceAddressPrefix: "Internet",
        destinationAddressPrefix: "*",
        destinationPortRange: "*",
        description: "Nothing in the spoke is reachable from the internet; public traffic arrives only through the edge.",
      });
    }
    for (const rule of rules) {
      new NetworkSecurityRule(this, `nsg-${role}-${rule.name}`, {
        ...rule,
        resourceGroupName: props.resourceGroupName,
        networkSecurityGroupName: nsg.name,
        sourcePortRange: "*",
      });
    }
    new SubnetNetworkSecurityGroupAssociation(this, `nsg-${role}-association`, { subnetId: created.id, networkSecurityGroupId: nsg.id });
    // NSGs have logs (rule events) but no metrics.
    new ResourceInterfaces(this, `nsg-${role}-interfaces`, {
      resourceId: nsg.id,
      placement: { ...placement, name: subnet.securityGroupName },
      props,
      diagnosticTargets: [{ resourceId: nsg.id, logs: true, metrics: false }],
    });
    if (this.routeTable && subnet.egressViaHub) {
      new SubnetRouteTableAssociation(this, `route-table-${role}-association`, { subnetId: created.id, routeTableId: this.routeTable.id });
    }
    this.subnets[role] = created;
    this.securityGroups[role] = nsg;
  }
}
