import { expectBoolean, expectPresent } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { isAbsent, valueAt } from "../../model/value";
import { AZURERM_2_TO_4 } from "../common/generations";

/** Before 3.0 (and from 2.97 beside oms_agent), Container insights was an add-on of addon_profile. */
const ADDON_2X = "addon_profile.oms_agent";

export const aksMonitoring = defineRule({
  id: "FHI-AKS-011",
  title: "AKS sends container logs to Log Analytics",
  severity: "error",
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  generations: AZURERM_2_TO_4,
  rationale: "Container and node logs are the record of who ran what on the cluster; without them activity on PHI cannot be reviewed.",
  remediation: "Add an oms_agent block with log_analytics_workspace_id and msi_auth_for_monitoring_enabled = true (2.x: addon_profile { oms_agent { enabled = true, log_analytics_workspace_id = ... } }).",
  references: { checkov: ["CKV_AZURE_4"], trivy: ["AVD-AZU-0040"], hipaa: ["164.312(b)", "164.308(a)(1)(ii)(D)"] },
  check: (resource) =>
    isAbsent(valueAt(resource.values, ADDON_2X)) || !isAbsent(valueAt(resource.values, "oms_agent"))
      ? expectPresent(resource, "oms_agent.log_analytics_workspace_id", "Container insights is off")
      : expectBoolean(resource, [`${ADDON_2X}.enabled`], true, false),
});
