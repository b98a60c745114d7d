import { expectBoolean } from "../../engine/checks";
import { defineRule, fail } from "../../engine/rule";
import { isAbsent, valueAt } from "../../model/value";

const BLOCK = "azure_active_directory_role_based_access_control";

export const aksEntraRbac = defineRule({
  id: "FHI-AKS-003",
  title: "AKS authenticates with Entra ID and authorizes with Azure RBAC",
  severity: "error",
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  rationale: "Entra ID sign-in gives each person a unique, MFA-protected identity on the cluster and Azure RBAC keeps access grants in one audited place.",
  remediation: `Add a ${BLOCK} block with azure_rbac_enabled = true and tenant_id set.`,
  references: { azurePolicy: [], hipaa: ["164.312(a)(2)(i)", "164.312(d)"] },
  check: (resource) =>
    isAbsent(valueAt(resource.values, BLOCK))
      ? fail(`no ${BLOCK} block: cluster sign-in is not tied to Entra ID`)
      : expectBoolean(resource, [`${BLOCK}.azure_rbac_enabled`], true, false),
});
