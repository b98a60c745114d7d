import { Construct } from "constructs";
import { MonitorDataCollectionEndpoint } from "@cdktf/provider-azurerm/lib/monitor-data-collection-endpoint";
import { MonitorDataCollectionRule } from "@cdktf/provider-azurerm/lib/monitor-data-collection-rule";
import { MonitorDataCollectionRuleAssociation } from "@cdktf/provider-azurerm/lib/monitor-data-collection-rule-association";
import { MonitorPrivateLinkScopedService } from "@cdktf/provider-azurerm/lib/monitor-private-link-scoped-service";
import { MonitorWorkspace } from "@cdktf/provider-azurerm/lib/monitor-workspace";
import { ResourceInterfaces } from "../shared/resource-interfaces";
import type { ResourceInterfaceProps, ResourcePlacement } from "../shared/interfaces";

/** The Private Link sub-resource of an Azure Monitor workspace: PromQL queries. */
export type MonitorWorkspaceSubresource = "prometheusMetrics";

export interface ManagedPrometheusProps extends ResourcePlacement, Pick<ResourceInterfaceProps<MonitorWorkspaceSubresource>, "privateEndpoint" | "roleAssignments" | "lock" | "tags"> {
  /** The AKS cluster whose metrics are collected. */
  readonly clusterId: string;
  readonly dataCollectionEndpointName: string;
  readonly dataCollectionRuleName: string;
  /** The region's Azure Monitor Private Link Scope, through which the agents send (it must be private-only for ingestion). */
  readonly privateLinkScope: { readonly name: string; readonly resourceGroupName: string };
}

const STREAM = "Microsoft-PrometheusMetrics";

/**
 * Azure Monitor managed service for Prometheus for one cluster, on private networks only: the Azure Monitor
 * workspace (queried through its own private endpoint), the data collection endpoint the cluster's metrics agent
 * sends to (joined to the region's private link scope) and the rule that routes Prometheus metrics to the workspace,
 * both associated with the cluster (Learn: kubernetes-monitoring-private-link, azure-monitor-workspace-private-endpoint;
 * resources as in Microsoft's Terraform template for the add-on).
 */
export class ManagedPrometheus extends Construct {
  readonly workspace: MonitorWorkspace;
  readonly endpoint: MonitorDataCollectionEndpoint;
  readonly rule: MonitorDataCollectionRule;
  readonly interfaces: ResourceInterfaces<MonitorWorkspaceSubresource>;

  constructor(scope: Construct, id: string, props: ManagedPrometheusProps) {
    super(scope, id);
    const placement = { location: props.location, resourceGroupName: props.resourceGroupName };
    const tags = props.tags ? { ...props.tags } : undefined;
    this.workspace = new MonitorWorkspace(this, "workspace", { ...placement, name: props.name, publicNetworkAccessEnabled: false, tags });
    this.endpoint = new MonitorDataCollectionEndpoint(this, "endpoint", { ...placement, name: props.dataCollectionEndpointName, kind: "Linux", publicNetworkAccessEnabled: false, tags });
    new MonitorPrivateLinkScopedService(this, "endpoint-scoped", {
      name: `${props.privateLinkScope.name}-${props.dataCollectionEndpointName}`,
      resourceGroupName: props.privateLinkScope.resourceGroupName,
      scopeName: props.privateLinkScope.name,
      linkedResourceId: this.endpoint.id,
    });
    this.rule = new MonitorDataCollectionRule(this, "rule", {
      ...placement,
      name: props.dataCollectionRuleName,
      kind: "Linux",
      dataCollectionEndpointId: this.endpoint.id,
      destinations: { monitorAccount: [{ monitorAccountId: this.workspace.id, name: "workspace" }] },
      dataFlow: [{ streams: [STREAM], destinations: ["workspace"] }],
      dataSources: { prometheusForwarder: [{ name: "prometheus", streams: [STREAM] }] },
      tags,
    });
    // With a private link scope, every rule must use a data collection endpoint (Learn: kubernetes-monitoring-firewall).
    new MonitorDataCollectionRuleAssociation(this, "rule-association", { name: "prometheus", targetResourceId: props.clusterId, dataCollectionRuleId: this.rule.id });
    new MonitorDataCollectionRuleAssociation(this, "endpoint-association", { targetResourceId: props.clusterId, dataCollectionEndpointId: this.endpoint.id });
    this.interfaces = new ResourceInterfaces(this, "interfaces", {
      resourceId: this.workspace.id,
      placement: props,
      props: { privateEndpoint: props.privateEndpoint, roleAssignments: props.roleAssignments, lock: props.lock, tags },
      subresources: ["prometheusMetrics"],
    });
  }

  /** Where PromQL queries go (the same name inside the network: its private endpoint answers). */
  get queryEndpoint(): string {
    return this.workspace.queryEndpoint;
  }
}
