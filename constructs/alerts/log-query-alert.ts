import { Construct } from "constructs";
import { MonitorScheduledQueryRulesAlertV2 } from "@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2";
import { alertWindow } from "./alerts";

export interface LogQueryAlertProps {
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly description: string;
  /** The Log Analytics workspace the query reads. */
  readonly workspaceId: string;
  /** KQL returning at most one row per evaluation, with the measured value in `measureColumn`. */
  readonly query: string;
  readonly measureColumn: string;
  /** The alert fires when the measure is above this. */
  readonly threshold: number;
  /** How far back each evaluation looks, and how often it runs (at least 5 minutes for a log alert). */
  readonly windowMinutes: number;
  readonly severity: 0 | 1 | 2 | 3 | 4;
  readonly actionGroupId: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A log search alert for what a metric alert cannot say, such as a share of requests: the query measures, the alert
 * pages the action group while the measure is above the threshold and resolves itself when it falls back.
 */
export class LogQueryAlert extends Construct {
  readonly alert: MonitorScheduledQueryRulesAlertV2;

  constructor(scope: Construct, id: string, props: LogQueryAlertProps) {
    super(scope, id);
    // Log alerts evaluate every 5 minutes or more over a window at least that long (azurerm: evaluation_frequency,
    // window_duration; provider source v4.55.0, monitor_scheduled_query_rules_alert_v2_resource.go).
    const window = alertWindow(Math.max(props.windowMinutes, 5));
    this.alert = new MonitorScheduledQueryRulesAlertV2(this, "alert", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      description: props.description,
      scopes: [props.workspaceId],
      severity: props.severity,
      evaluationFrequency: "PT5M",
      windowDuration: window,
      criteria: [{ query: props.query, timeAggregationMethod: "Maximum", metricMeasureColumn: props.measureColumn, operator: "GreaterThan", threshold: props.threshold }],
      autoMitigationEnabled: true,
      // The table is created by the first record it receives; validating the query at creation would fail before that.
      skipQueryValidation: true,
      action: { actionGroups: [props.actionGroupId] },
      tags: props.tags ? { ...props.tags } : undefined,
    });
  }
}
