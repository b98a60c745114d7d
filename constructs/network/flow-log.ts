import { Construct } from "constructs";
import { NetworkWatcherFlowLog } from "@cdktf/provider-azurerm/lib/network-watcher-flow-log";

export interface VirtualNetworkFlowLogProps {
  readonly name: string;
  readonly location: string;
  readonly virtualNetworkId: string;
  /** Storage account that keeps the raw flow records. */
  readonly storageAccountId: string;
  readonly retentionDays: number;
  /** Traffic analytics into Log Analytics. */
  readonly workspace: { readonly resourceId: string; readonly workspaceId: string; readonly location: string };
  /** Default: 10 minutes (the shortest Azure offers). */
  readonly trafficAnalyticsIntervalMinutes?: 10 | 60;
  /** Default: the watcher Azure creates per region, `NetworkWatcher_<location>` in `NetworkWatcherRG`. */
  readonly networkWatcher?: { readonly name: string; readonly resourceGroupName: string };
  readonly tags?: Readonly<Record<string, string>>;
}

/** VNet flow logs (version 2) to a storage account and, as traffic analytics, to Log Analytics. */
export class VirtualNetworkFlowLog extends Construct {
  readonly flowLog: NetworkWatcherFlowLog;

  constructor(scope: Construct, id: string, props: VirtualNetworkFlowLogProps) {
    super(scope, id);
    const watcher = props.networkWatcher ?? { name: `NetworkWatcher_${props.location}`, resourceGroupName: "NetworkWatcherRG" };
    this.flowLog = new NetworkWatcherFlowLog(this, "flow-log", {
      name: props.name,
      location: props.location,
      networkWatcherName: watcher.name,
      resourceGroupName: watcher.resourceGroupName,
      targetResourceId: props.virtualNetworkId,
      storageAccountId: props.storageAccountId,
      enabled: true,
      version: 2,
      retentionPolicy: { enabled: true, days: props.retentionDays },
      trafficAnalytics: {
        enabled: true,
        workspaceId: props.workspace.workspaceId,
        workspaceRegion: props.workspace.location,
        workspaceResourceId: props.workspace.resourceId,
        intervalInMinutes: props.trafficAnalyticsIntervalMinutes ?? 10,
      },
      tags: props.tags,
    });
  }
}
