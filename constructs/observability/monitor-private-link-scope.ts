import { Construct } from "constructs";
import { MonitorPrivateLinkScope as AzureMonitorPrivateLinkScope } from "@cdktf/provider-azurerm/lib/monitor-private-link-scope";
import { MonitorPrivateLinkScopedService } from "@cdktf/provider-azurerm/lib/monitor-private-link-scoped-service";
import { ResourceInterfaces } from "../shared/resource-interfaces";
import type { PrivateEndpointProps } from "../shared/interfaces";

/** The zones Azure Monitor's private endpoint registers in: the scope's endpoints plus the agents' blob storage. */
export type MonitorZone = "monitor" | "omsOpinsights" | "odsOpinsights" | "agentService" | "blob";

export interface MonitorPrivateLinkScopeProps {
  readonly name: string;
  /** The scope is global; its private endpoint lands in `privateEndpoint.subnetId`'s region. */
  readonly location: string;
  readonly resourceGroupName: string;
  /** Resources whose ingestion and queries go through the scope, keyed by a stable name. */
  readonly scopedResources: Readonly<Record<string, string>>;
  readonly privateEndpoint: Omit<PrivateEndpointProps, "privateDnsZoneIds"> & { readonly privateDnsZoneIds: Readonly<Record<MonitorZone, string>> };
  /**
   * Accept ingestion and queries only through private endpoints. Default: true. `Open` lets resources in this
   * VNet also reach workspaces outside the scope.
   */
  readonly privateOnly?: boolean;
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * An Azure Monitor Private Link Scope: how agents (AKS Container Insights, the model server's OpenTelemetry
 * exporter) send to a Log Analytics workspace and Application Insights that refuse public ingestion.
 */
export class MonitorPrivateLinkScope extends Construct {
  readonly scope: AzureMonitorPrivateLinkScope;
  readonly interfaces: ResourceInterfaces<"azuremonitor">;

  constructor(scope: Construct, id: string, props: MonitorPrivateLinkScopeProps) {
    super(scope, id);
    const accessMode = (props.privateOnly ?? true) ? "PrivateOnly" : "Open";
    this.scope = new AzureMonitorPrivateLinkScope(this, "scope", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      ingestionAccessMode: accessMode,
      queryAccessMode: accessMode,
      tags: props.tags,
    });
    for (const [key, resourceId] of Object.entries(props.scopedResources)) {
      new MonitorPrivateLinkScopedService(this, `scoped-${key}`, {
        name: `${props.name}-${key}`,
        resourceGroupName: props.resourceGroupName,
        scopeName: this.scope.name,
        linkedResourceId: resourceId,
      });
    }
    const zones = props.privateEndpoint.privateDnsZoneIds;
    this.interfaces = new ResourceInterfaces(this, "interfaces", {
      resourceId: this.scope.id,
      placement: { name: props.name, location: props.location, resourceGroupName: props.resourceGroupName },
      props: {
        privateEndpoint: { ...props.privateEndpoint, privateDnsZoneIds: { azuremonitor: [zones.monitor, zones.omsOpinsights, zones.odsOpinsights, zones.agentService, zones.blob] } },
        tags: props.tags,
      },
      subresources: ["azuremonitor"],
    });
  }
}
