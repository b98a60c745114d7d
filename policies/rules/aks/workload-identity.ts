import { all, expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_3_TO_4 } from "../common/generations";

export const aksWorkloadIdentity = defineRule({
  id: "FHI-AKS-018",
  title: "AKS workloads use workload identity",
  severity: "warning",
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  generations: AZURERM_3_TO_4,
  rationale: "Workload identity gives pods short-lived Entra tokens instead of secrets mounted from Key Vault or stored in the cluster.",
  remediation: "Set oidc_issuer_enabled = true and workload_identity_enabled = true.",
  references: { hipaa: ["164.312(d)", "164.312(a)(2)(i)"] },
  check: (resource) => all([expectBoolean(resource, ["oidc_issuer_enabled"], true, false), expectBoolean(resource, ["workload_identity_enabled"], true, false)]),
});
