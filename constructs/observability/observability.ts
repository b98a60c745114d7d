import { Construct } from "constructs";
import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { ApplicationInsights } from "@cdktf/provider-azurerm/lib/application-insights";
import { ResourceInterfaces } from "../shared/resource-interfaces";
import type { ResourceInterfaceProps } from "../shared/interfaces";

export interface ObservabilityProps extends Omit<ResourceInterfaceProps<never>, "diagnostics" | "privateEndpoint"> {
  readonly location: string;
  readonly resourceGroupName: string;
  readonly logAnalyticsName: string;
  readonly applicationInsightsName: string;
  /** Days logs are kept; 30-730. */
  readonly retentionInDays: number;
  /**
   * Accept ingestion and queries from the public internet. Default: false; agents then reach the workspace
   * through an Azure Monitor Private Link Scope, diagnostic settings over the Azure backbone.
   */
  readonly internetAccess?: boolean;
}

/**
 * The environment's Log Analytics workspace and a workspace-based Application Insights: Entra ID auth only (no
 * workspace keys or instrumentation keys), no public ingestion or query. Every other construct's diagnostics land here.
 */
export class Observability extends Construct {
  readonly workspace: LogAnalyticsWorkspace;
  readonly applicationInsights: ApplicationInsights;
  readonly interfaces: ResourceInterfaces<never>;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const internetAccess = props.internetAccess ?? false;
    this.workspace = new LogAnalyticsWorkspace(this, "workspace", {
      name: props.logAnalyticsName,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      sku: "PerGB2018",
      retentionInDays: props.retentionInDays,
      localAuthenticationEnabled: false,
      internetIngestionEnabled: internetAccess,
      internetQueryEnabled: internetAccess,
      // Readers see only the logs of resources they may read, not the whole workspace.
      allowResourceOnlyPermissions: true,
      tags: props.tags,
    });
    this.applicationInsights = new ApplicationInsights(this, "application-insights", {
      name: props.applicationInsightsName,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      workspaceId: this.workspace.id,
      applicationType: "other",
      localAuthenticationDisabled: true,
      internetIngestionEnabled: internetAccess,
      internetQueryEnabled: internetAccess,
      tags: props.tags,
    });
    // The workspace audits its own queries.
    this.interfaces = new ResourceInterfaces(this, "interfaces", {
      resourceId: this.workspace.id,
      placement: { name: props.logAnalyticsName, location: props.location, resourceGroupName: props.resourceGroupName },
      props: { ...props, diagnostics: { workspaceId: this.workspace.id } },
    });
  }
}
