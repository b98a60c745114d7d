import { Construct } from "constructs";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";

export interface PrivateDnsZonesProps<Key extends string> {
  readonly resourceGroupName: string;
  /** Zone name per key, e.g. `{ keyVault: "privatelink.vaultcore.azure.net" }`. */
  readonly zoneNames: Readonly<Record<Key, string>>;
  /**
   * Zones that already exist (e.g. a hub's, resolved through the hub's DNS): used as they are, neither created
   * nor linked here. Default: none, every zone is created.
   */
  readonly existingZoneIds?: Readonly<Partial<Record<Key, string>>>;
  /** The virtual network the created zones are linked to, so its resources resolve private endpoints. */
  readonly virtualNetworkId: string;
  readonly linkName: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Private DNS zones for Private Link, linked to the spoke without auto-registration (only private endpoint zone
 * groups write records), or the IDs of zones someone else owns.
 */
export class PrivateDnsZones<Key extends string> extends Construct {
  /** The zone to use per key, created or existing. */
  readonly zoneIds = {} as Record<Key, string>;
  readonly createdZones: Partial<Record<Key, PrivateDnsZone>> = {};

  constructor(scope: Construct, id: string, props: PrivateDnsZonesProps<Key>) {
    super(scope, id);
    for (const [key, zoneName] of Object.entries(props.zoneNames) as [Key, string][]) {
      const existing = props.existingZoneIds?.[key];
      if (existing) {
        this.zoneIds[key] = existing;
        continue;
      }
      const zone = new PrivateDnsZone(this, `zone-${key}`, { name: zoneName, resourceGroupName: props.resourceGroupName, tags: props.tags });
      new PrivateDnsZoneVirtualNetworkLink(this, `zone-${key}-link`, {
        name: props.linkName,
        resourceGroupName: props.resourceGroupName,
        privateDnsZoneName: zone.name,
        virtualNetworkId: props.virtualNetworkId,
        registrationEnabled: false,
        tags: props.tags,
      });
      this.createdZones[key] = zone;
      this.zoneIds[key] = zone.id;
    }
  }
}
