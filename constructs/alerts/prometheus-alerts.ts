import { Construct } from "constructs";
import { MonitorAlertPrometheusRuleGroup } from "@cdktf/provider-azurerm/lib/monitor-alert-prometheus-rule-group";

export interface PrometheusAlertRule {
  /** The alert's name, as it appears in the fired alert. */
  readonly alert: string;
  readonly description: string;
  /** PromQL that returns a series while the alert condition holds. */
  readonly expression: string;
  readonly severity: 0 | 1 | 2 | 3 | 4;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface PrometheusAlertsProps {
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly description: string;
  /** The Azure Monitor workspace holding the series. */
  readonly workspaceId: string;
  /** The AKS cluster whose series the rules read. */
  readonly clusterName: string;
  readonly actionGroupId: string;
  readonly rules: readonly PrometheusAlertRule[];
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Prometheus alert rules evaluated by Azure Monitor on a workspace's series, paging an action group and resolving
 * themselves. azurerm leaves a group and its rules disabled unless told otherwise, so both are switched on here
 * (`rule_group_enabled`, `rule.enabled`: provider source v4.55.0, monitor_alert_prometheus_rule_group_resource.go).
 */
export class PrometheusAlerts extends Construct {
  readonly ruleGroup: MonitorAlertPrometheusRuleGroup;

  constructor(scope: Construct, id: string, props: PrometheusAlertsProps) {
    super(scope, id);
    if (props.rules.length === 0) throw new Error(`${this.node.path}: a Prometheus rule group needs at least one rule`);
    this.ruleGroup = new MonitorAlertPrometheusRuleGroup(this, "rule-group", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      description: props.description,
      scopes: [props.workspaceId],
      clusterName: props.clusterName,
      ruleGroupEnabled: true,
      interval: "PT1M",
      rule: props.rules.map((rule) => ({
        alert: rule.alert,
        enabled: true,
        expression: rule.expression,
        severity: rule.severity,
        labels: rule.labels ? { ...rule.labels } : undefined,
        annotations: { description: rule.description },
        action: [{ actionGroupId: props.actionGroupId }],
        alertResolution: { autoResolved: true, timeToResolve: "PT10M" },
      })),
      tags: props.tags ? { ...props.tags } : undefined,
    });
  }
}
