import { Construct } from "constructs";
import { PrivateDnsARecord } from "@cdktf/provider-azurerm/lib/private-dns-a-record";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";

export interface PrivateHostNameProps {
  readonly resourceGroupName: string;
  /** A name of at least three labels: its first label becomes the record, the rest the zone. */
  readonly hostname: string;
  readonly ipAddress: string;
  /** Networks that resolve the name, keyed by a link name. */
  readonly virtualNetworkIds: Readonly<Record<string, string>>;
  /** @default 300 */
  readonly ttlSeconds?: number;
  readonly tags?: Readonly<Record<string, string>>;
}

/** `model.pilot.example.internal` -> record `model` in zone `pilot.example.internal`. */
export function splitHostname(hostname: string): { record: string; zone: string } {
  const [record, ...zone] = hostname.split(".");
  if (!record || zone.length < 2) throw new Error(`"${hostname}" needs at least three labels (record.zone.tld). Fix: e.g. model.pilot.example.internal`);
  return { record, zone: zone.join(".") };
}

/** A private host name: its own private DNS zone, one A record, and links to the networks that resolve it. */
export class PrivateHostName extends Construct {
  readonly zone: PrivateDnsZone;
  readonly record: PrivateDnsARecord;
  readonly links: Record<string, PrivateDnsZoneVirtualNetworkLink> = {};

  constructor(scope: Construct, id: string, props: PrivateHostNameProps) {
    super(scope, id);
    const { record, zone } = splitHostname(props.hostname);
    this.zone = new PrivateDnsZone(this, "zone", { name: zone, resourceGroupName: props.resourceGroupName, tags: props.tags ? { ...props.tags } : undefined });
    this.record = new PrivateDnsARecord(this, "record", { name: record, zoneName: this.zone.name, resourceGroupName: props.resourceGroupName, ttl: props.ttlSeconds ?? 300, records: [props.ipAddress] });
    for (const [name, virtualNetworkId] of Object.entries(props.virtualNetworkIds)) {
      this.links[name] = new PrivateDnsZoneVirtualNetworkLink(this, `link-${name}`, {
        name,
        resourceGroupName: props.resourceGroupName,
        privateDnsZoneName: this.zone.name,
        virtualNetworkId,
        registrationEnabled: false,
        tags: props.tags ? { ...props.tags } : undefined,
      });
    }
  }
}
