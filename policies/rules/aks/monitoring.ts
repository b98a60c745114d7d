import { expectPresent } from "../../engine/checks";
import { defineRule } from "../../engine/rule";

export const aksMonitoring = defineRule({
  id: "FHI-AKS-011",
  title: "AKS sends container logs to Log Analytics",
  severity: "error",
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  rationale: "Container and node logs are the record of who ran what on the cluster; without them activity on PHI cannot be reviewed.",
  remediation: "Add an oms_agent block with log_analytics_workspace_id (and msi_auth_for_monitoring_enabled = true).",
  references: { checkov: ["CKV_AZURE_4"], trivy: ["AVD-AZU-0040"], hipaa: ["164.312(b)", "164.308(a)(1)(ii)(D)"] },
  check: (resource) => expectPresent(resource, "oms_agent.log_analytics_workspace_id", "Container insights is off"),
});
