import { Construct } from "constructs";
import { NatGateway } from "@cdktf/provider-azurerm/lib/nat-gateway";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { NatGatewayPublicIpAssociation } from "@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association";
import { SubnetNatGatewayAssociation } from "@cdktf/provider-azurerm/lib/subnet-nat-gateway-association";
import type { ResourcePlacement } from "../shared/interfaces";

export interface NatEgressProps extends ResourcePlacement {
  /** Subnets whose outbound traffic leaves through this gateway, by a short key. */
  readonly subnetIds: Readonly<Record<string, string>>;
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Declared outbound access for subnets that have no firewall to leave through: a NAT gateway with one static
 * public address. Subnets here never rely on Azure's implicit default outbound access, which Azure is retiring for
 * new networks (learn.microsoft.com/azure/virtual-network/ip-services/default-outbound-access); a NAT gateway is
 * the documented replacement, and it accepts no inbound connection.
 */
export class NatEgress extends Construct {
  readonly gateway: NatGateway;
  readonly publicIp: PublicIp;

  constructor(scope: Construct, id: string, props: NatEgressProps) {
    super(scope, id);
    const placement = { location: props.location, resourceGroupName: props.resourceGroupName, tags: props.tags };
    this.publicIp = new PublicIp(this, "public-ip", { ...placement, name: `pip-${props.name}`, allocationMethod: "Static", sku: "Standard" });
    this.gateway = new NatGateway(this, "gateway", { ...placement, name: props.name, skuName: "Standard" });
    new NatGatewayPublicIpAssociation(this, "public-ip-association", { natGatewayId: this.gateway.id, publicIpAddressId: this.publicIp.id });
    for (const [key, subnetId] of Object.entries(props.subnetIds)) {
      new SubnetNatGatewayAssociation(this, `subnet-${key}`, { subnetId, natGatewayId: this.gateway.id });
    }
  }
}
