import { expectPresent } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_3_TO_4 } from "../common/generations";

export const aksDefender = defineRule({
  id: "FHI-AKS-017",
  title: "AKS has Microsoft Defender for Containers",
  severity: "warning",
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  generations: AZURERM_3_TO_4,
  rationale: "Runtime threat detection on nodes and the API server is how intrusions into clusters processing PHI are noticed.",
  remediation: "Add a microsoft_defender block with log_analytics_workspace_id.",
  references: { azurePolicy: ["1c988dd6-ade4-430f-a608-2a3e5b0a6d38"], hipaa: ["164.308(a)(1)(ii)(D)", "164.308(a)(5)(ii)(B)"] },
  check: (resource) => expectPresent(resource, "microsoft_defender.log_analytics_workspace_id", "Defender for Containers is off"),
});
