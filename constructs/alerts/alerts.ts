import { Construct } from "constructs";
import { MonitorActionGroup } from "@cdktf/provider-azurerm/lib/monitor-action-group";
import { MonitorMetricAlert } from "@cdktf/provider-azurerm/lib/monitor-metric-alert";

export interface ActionGroupProps {
  readonly name: string;
  /** At most 12 characters; shown in SMS and e-mail subjects. */
  readonly shortName: string;
  /** Receiver name -> e-mail address. */
  readonly emails: Readonly<Record<string, string>>;
  /** Receiver name -> HTTPS URL of the on-call pager's webhook. */
  readonly webhooks?: Readonly<Record<string, string>>;
}

export interface MetricAlertRule {
  /** Stable key: part of the construct id and of the alert's name. */
  readonly key: string;
  readonly description: string;
  readonly scope: string;
  readonly metricNamespace: string;
  readonly metricName: string;
  readonly aggregation: "Average" | "Minimum" | "Maximum" | "Total" | "Count";
  readonly operator: "GreaterThan" | "GreaterThanOrEqual" | "LessThan" | "LessThanOrEqual";
  readonly threshold: number;
  /** How far back each evaluation looks: the "for N minutes" of the alert. */
  readonly windowMinutes: number;
  /** 0 critical ... 4 verbose. */
  readonly severity: 0 | 1 | 2 | 3 | 4;
  readonly dimensions?: readonly { readonly name: string; readonly operator: "Include" | "Exclude" | "StartsWith"; readonly values: readonly string[] }[];
}

export interface MetricAlertsProps {
  readonly resourceGroupName: string;
  /** Prefix of every alert's name, e.g. `fhi-prod-eus2`. */
  readonly namePrefix: string;
  readonly actionGroup: ActionGroupProps;
  readonly rules: readonly MetricAlertRule[];
  readonly tags?: Readonly<Record<string, string>>;
}

/** Azure Monitor windows an alert may use (its frequency must not exceed the window). */
const WINDOWS_MINUTES = [1, 5, 15, 30, 60, 360, 720, 1440] as const;

/** The smallest window Azure Monitor offers that covers `minutes`, as an ISO 8601 duration. */
export function alertWindow(minutes: number): string {
  const window = WINDOWS_MINUTES.find((candidate) => candidate >= minutes) ?? 1440;
  return window < 60 ? `PT${window}M` : `PT${window / 60}H`;
}

/** An action group and the metric alerts that page it; alerts resolve themselves when the metric recovers. */
export class MetricAlerts extends Construct {
  readonly actionGroup: MonitorActionGroup;
  readonly alerts: Record<string, MonitorMetricAlert> = {};

  constructor(scope: Construct, id: string, props: MetricAlertsProps) {
    super(scope, id);
    const tags = props.tags ? { ...props.tags } : undefined;
    const group = props.actionGroup;
    if (Object.keys(group.emails).length + Object.keys(group.webhooks ?? {}).length === 0) {
      throw new Error(`${this.node.path}: the action group ${group.name} has no receiver, so alerts would page no one. Fix: give it an e-mail or webhook`);
    }
    this.actionGroup = new MonitorActionGroup(this, "action-group", {
      name: group.name,
      shortName: group.shortName,
      resourceGroupName: props.resourceGroupName,
      location: "global",
      emailReceiver: Object.entries(group.emails).map(([name, emailAddress]) => ({ name, emailAddress, useCommonAlertSchema: true })),
      webhookReceiver: Object.entries(group.webhooks ?? {}).map(([name, serviceUri]) => ({ name, serviceUri, useCommonAlertSchema: true })),
      tags,
    });
    for (const rule of props.rules) {
      const windowSize = alertWindow(rule.windowMinutes);
      this.alerts[rule.key] = new MonitorMetricAlert(this, `alert-${rule.key}`, {
        name: `${props.namePrefix}-${rule.key}`,
        resourceGroupName: props.resourceGroupName,
        description: rule.description,
        scopes: [rule.scope],
        severity: rule.severity,
        windowSize,
        frequency: windowSize === "PT1M" ? "PT1M" : "PT5M",
        autoMitigate: true,
        criteria: [
          {
            metricNamespace: rule.metricNamespace,
            metricName: rule.metricName,
            aggregation: rule.aggregation,
            operator: rule.operator,
            threshold: rule.threshold,
            dimension: rule.dimensions?.map((dimension) => ({ name: dimension.name, operator: dimension.operator, values: [...dimension.values] })),
          },
        ],
        action: [{ actionGroupId: this.actionGroup.id }],
        tags,
      });
    }
  }
}
