import { expectBoolean } from "../../engine/checks";
import { defineRule, fail } from "../../engine/rule";
import { isAbsent, valueAt } from "../../model/value";
import { AZURERM_2_TO_4 } from "../common/generations";

const BLOCK = "azure_active_directory_role_based_access_control";
/** Before 3.0 the Entra ID integration was a block of role_based_access_control. */
const BLOCK_2X = "role_based_access_control.azure_active_directory";

export const aksEntraRbac = defineRule({
  id: "FHI-AKS-003",
  title: "AKS authenticates with Entra ID and authorizes with Azure RBAC",
  severity: "error",
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  generations: AZURERM_2_TO_4,
  rationale: "Entra ID sign-in gives each person a unique, MFA-protected identity on the cluster and Azure RBAC keeps access grants in one audited place.",
  remediation: `Add a ${BLOCK} block with azure_rbac_enabled = true and tenant_id set (2.x: role_based_access_control { azure_active_directory { managed = true, azure_rbac_enabled = true } }).`,
  references: { azurePolicy: [], hipaa: ["164.312(a)(2)(i)", "164.312(d)"] },
  check: (resource) => {
    const block = isAbsent(valueAt(resource.values, BLOCK)) ? BLOCK_2X : BLOCK;
    if (isAbsent(valueAt(resource.values, block))) return fail(`no ${BLOCK} block: cluster sign-in is not tied to Entra ID`);
    return expectBoolean(resource, [`${block}.azure_rbac_enabled`], true, false);
  },
});
