import { Construct } from "constructs";
import type { SubnetDelegation } from "@cdktf/provider-azurerm/lib/subnet";
import { SpokeNetwork, type HubConnectionProps } from "../network/spoke-network";
import { NatEgress } from "../network/nat-gateway";
import { PrivateDnsZones } from "../private-dns/private-dns-zones";
import type { ResourcePlacement } from "../shared/interfaces";

export type DeployerSubnet = "runners" | "privateEndpoints";

export interface DeployerNetworkProps<Zone extends string> extends ResourcePlacement {
  readonly addressSpace: string;
  readonly subnets: { readonly [Role in DeployerSubnet]: { readonly name: string; readonly addressPrefix: string; readonly securityGroupName: string } };
  /** The service the runners subnet is handed to (Container Apps, or GitHub's hosted runners). */
  readonly runnersDelegation: SubnetDelegation;
  /** With a hub: peering, and the runners' egress through its firewall. Without: `natGatewayName`'s NAT gateway. */
  readonly hub?: HubConnectionProps;
  readonly natGatewayName: string;
  /** Private DNS zones the pipeline resolves private endpoints in, created here and linked to this network (or the hub's). */
  readonly zoneNames: Readonly<Record<Zone, string>>;
  readonly existingZoneIds?: Readonly<Partial<Record<Zone, string>>>;
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Where the deploy pipeline runs: a network of its own with a runners subnet and a private-endpoint subnet, NSGs
 * that deny inbound traffic from the internet, declared egress (the hub firewall, or a NAT gateway), and the
 * private DNS zones of every data plane Terraform calls, linked here. It is not peered to the workload spokes:
 * everything else the pipeline does goes through Azure Resource Manager.
 */
export class DeployerNetwork<Zone extends string> extends Construct {
  readonly network: SpokeNetwork<DeployerSubnet>;
  readonly zones: PrivateDnsZones<Zone>;

  constructor(scope: Construct, id: string, props: DeployerNetworkProps<Zone>) {
    super(scope, id);
    const placement = { location: props.location, resourceGroupName: props.resourceGroupName, tags: props.tags };
    this.network = new SpokeNetwork<DeployerSubnet>(this, "network", {
      ...placement,
      name: props.name,
      addressSpace: [props.addressSpace],
      subnets: {
        runners: { ...props.subnets.runners, delegation: props.runnersDelegation, egressViaHub: true },
        privateEndpoints: props.subnets.privateEndpoints,
      },
      hub: props.hub,
    });
    if (!props.hub) new NatEgress(this, "egress", { ...placement, name: props.natGatewayName, subnetIds: { runners: this.network.subnets.runners.id } });
    this.zones = new PrivateDnsZones<Zone>(this, "dns", {
      resourceGroupName: props.resourceGroupName,
      zoneNames: props.zoneNames,
      existingZoneIds: props.existingZoneIds,
      virtualNetworkId: this.network.virtualNetwork.id,
      linkName: `link-${props.name}`,
      tags: props.tags,
    });
  }

  get subnetIds(): Readonly<Record<DeployerSubnet, string>> {
    return { runners: this.network.subnets.runners.id, privateEndpoints: this.network.subnets.privateEndpoints.id };
  }
}
