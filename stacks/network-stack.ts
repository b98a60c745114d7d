import type { Construct } from "constructs";
import { PRIVATE_DNS_ZONE_KEYS, type RegionConfig } from "../environments/schema/config";
import { Observability } from "../constructs/observability/observability";
import { MonitorPrivateLinkScope } from "../constructs/observability/monitor-private-link-scope";
import { SpokeNetwork, type SubnetProps } from "../constructs/network/spoke-network";
import type { SubnetDelegation } from "@cdktf/provider-azurerm/lib/subnet";
import { PrivateDnsZones } from "../constructs/private-dns/private-dns-zones";
import { privateLinkZoneNames } from "../constructs/private-dns/zone-names";
import { ResourceInterfaces } from "../constructs/shared/resource-interfaces";
import { storageDiagnosticTargets } from "../constructs/storage/storage-account";
import { RegionStack, type RegionStackProps } from "./region-stacks";
import { bootstrapResourceIds } from "./bootstrap-stack";
import type { DiagnosticsProps } from "../constructs/shared/interfaces";
import type { Environment } from "../environments/schema/config";

export type SubnetRole = keyof RegionConfig["subnets"];
export type PrivateDnsZoneKey = (typeof PRIVATE_DNS_ZONE_KEYS)[number];

/** Subnet IDs by role; the optional roles exist only when the region's config declares them. */
export type SubnetIds = { readonly [Role in SubnetRole]-?: undefined extends RegionConfig["subnets"][Role] ? string | undefined : string };

/** Subnets whose default route goes to the hub firewall when the region has a hub. */
export const EGRESS_VIA_HUB: ReadonlySet<SubnetRole> = new Set<SubnetRole>(["aksSystem", "aksGpu"]);

/** Subnets handed to a service: AKS API server VNet integration, API Management v2 outbound VNet integration. */
const DELEGATIONS: Partial<Record<SubnetRole, SubnetDelegation>> = {
  aksApiServer: {
    name: "aks-api-server",
    serviceDelegation: { name: "Microsoft.ContainerService/managedClusters", actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"] },
  },
  apiGateway: {
    name: "api-management",
    serviceDelegation: { name: "Microsoft.Web/serverFarms", actions: ["Microsoft.Network/virtualNetworks/subnets/action"] },
  },
};

/**
 * The foundation of a region: the Log Analytics workspace everything reports to, the spoke network with an NSG
 * per subnet (and, with a hub, peering and egress through the hub firewall), and the private DNS zones of every
 * private-link service. Changes rarely; everything else depends on it.
 */
export class NetworkStack extends RegionStack {
  readonly virtualNetworkId: string;
  readonly subnetIds: SubnetIds;
  /** The route table sending 0.0.0.0/0 to the hub firewall; only in regions with a hub. */
  readonly routeTableId?: string;
  readonly privateDnsZoneIds: Readonly<Record<PrivateDnsZoneKey, string>>;
  /** Zones this stack created (the rest belong to the hub); only these may be managed from here. */
  readonly ownedPrivateDnsZoneKeys: readonly PrivateDnsZoneKey[];
  readonly logAnalytics: { readonly id: string; readonly workspaceId: string; readonly location: string };
  readonly applicationInsightsId: string;

  constructor(scope: Construct, props: RegionStackProps) {
    super(scope, props, "network");
    const { env, region } = props;
    const placement = { location: region.location, resourceGroupName: this.resourceGroup.name };

    const observability = new Observability(this, "observability", {
      ...placement,
      logAnalyticsName: this.names.logAnalytics(),
      applicationInsightsName: this.names.applicationInsights(),
      retentionInDays: env.observability.logRetentionDays,
      lock: env.protection.resourceLocks ? {} : undefined,
    });
    this.logAnalytics = { id: observability.workspace.id, workspaceId: observability.workspace.workspaceId, location: region.location };
    this.applicationInsightsId = observability.applicationInsights.id;
    const diagnostics = { workspaceId: observability.workspace.id };

    const subnets = Object.fromEntries(
      Object.entries(region.subnets)
        .filter((entry): entry is [SubnetRole, string] => entry[1] !== undefined)
        .map(([role, addressPrefix]): [SubnetRole, SubnetProps] => [
          role,
          {
            name: this.names.subnet(role),
            addressPrefix,
            securityGroupName: this.names.networkSecurityGroup(role),
            egressViaHub: EGRESS_VIA_HUB.has(role),
            delegation: DELEGATIONS[role],
          },
        ]),
    ) as Record<SubnetRole, SubnetProps>;

    const network = new SpokeNetwork(this, "spoke", {
      ...placement,
      name: this.names.virtualNetwork(),
      addressSpace: region.addressSpace,
      subnets,
      hub: region.hub ? { vnetId: region.hub.vnetId, firewallPrivateIp: region.hub.firewallPrivateIp, routeTableName: this.names.routeTable() } : undefined,
      diagnostics,
    });
    this.virtualNetworkId = network.virtualNetwork.id;
    this.subnetIds = Object.fromEntries(Object.entries(network.subnets).map(([role, subnet]) => [role, subnet.id])) as unknown as SubnetIds;
    this.routeTableId = network.routeTable?.id;

    const cloud = typeof env.cloud === "string" ? env.cloud : undefined;
    const existingZoneIds = region.hub?.privateDnsZoneIds ?? {};
    const missing = PRIVATE_DNS_ZONE_KEYS.filter((key) => !existingZoneIds[key]);
    if (!cloud && missing.length > 0) {
      throw new Error(
        `${env.name}/${region.location}: private DNS zone names of a custom cloud are unknown. Fix: set regions[].hub.privateDnsZoneIds for ${missing.join(", ")}`,
      );
    }
    const zones = new PrivateDnsZones(this, "private-dns", {
      resourceGroupName: this.resourceGroup.name,
      zoneNames: privateLinkZoneNames(cloud ?? "AzureCloud", region.location),
      existingZoneIds,
      virtualNetworkId: network.virtualNetwork.id,
      linkName: `link-${this.names.virtualNetwork()}`,
    });
    this.privateDnsZoneIds = zones.zoneIds;
    this.ownedPrivateDnsZoneKeys = PRIVATE_DNS_ZONE_KEYS.filter((key) => zones.createdZones[key] !== undefined);

    // Agents reach the workspace and Application Insights, which refuse public ingestion, only through this scope.
    new MonitorPrivateLinkScope(this, "monitor-private-link", {
      ...placement,
      name: this.names.monitorPrivateLinkScope(),
      scopedResources: { workspace: observability.workspace.id, "application-insights": observability.applicationInsights.id },
      privateEndpoint: { subnetId: this.subnetIds.privateEndpoints, privateDnsZoneIds: zones.zoneIds },
    });

    // The bootstrap's stateful resources predate the workspace; the primary region sends their logs (who read or
    // wrote state, artefacts, the runners' token) here.
    if (env.regions[0] === region) this.attachBootstrapDiagnostics(env, placement, diagnostics);
  }

  private attachBootstrapDiagnostics(env: Environment, placement: { location: string; resourceGroupName: string }, diagnostics: DiagnosticsProps): void {
    const bootstrap = bootstrapResourceIds(env);
    for (const [key, accountId] of [["state-storage", bootstrap.stateAccount], ["deploy-artifacts", bootstrap.artifactsAccount]] as const) {
      new ResourceInterfaces(this, key, {
        resourceId: accountId,
        placement: { ...placement, name: accountId.split("/").pop()! },
        props: { diagnostics },
        diagnosticTargets: storageDiagnosticTargets(accountId),
      });
    }
    new ResourceInterfaces(this, "deployer-network", { resourceId: bootstrap.deployerNetwork, placement: { ...placement, name: bootstrap.deployerNetwork.split("/").pop()! }, props: { diagnostics } });
    for (const securityGroup of bootstrap.deployerSecurityGroups) {
      const name = securityGroup.split("/").pop()!;
      // NSGs have logs (rule events) but no metrics.
      new ResourceInterfaces(this, name, { resourceId: securityGroup, placement: { ...placement, name }, props: { diagnostics }, diagnosticTargets: [{ resourceId: securityGroup, logs: true, metrics: false }] });
    }
    if (bootstrap.deployerKeyVault) {
      new ResourceInterfaces(this, "deployer-key-vault", { resourceId: bootstrap.deployerKeyVault, placement: { ...placement, name: bootstrap.deployerKeyVault.split("/").pop()! }, props: { diagnostics } });
    }
  }
}
