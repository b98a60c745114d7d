import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const aksLocalAccountsDisabled = defineRule({
  id: "FHI-AKS-004",
  title: "AKS local accounts are disabled",
  severity: "error",
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  generations: AZURERM_2_TO_4,
  rationale: "The local cluster-admin credential is shared, never expires and bypasses Entra ID sign-in and its audit trail.",
  remediation: "Set local_account_disabled = true (requires Entra ID integration).",
  references: { checkov: ["CKV_AZURE_141"], azurePolicy: ["993c2fcd-2b29-49d2-9eb0-df2c3a730c32"], hipaa: ["164.312(a)(2)(i)", "164.312(d)"] },
  check: (resource) => expectBoolean(resource, ["local_account_disabled"], true, false),
});
