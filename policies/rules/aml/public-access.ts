import { defineRule } from "../../engine/rule";
import { isArmType } from "../common/azapi";
import { AML_WORKSPACE, expectEither } from "../common/aml";

export const amlWorkspacePublicAccess = defineRule({
  id: "FHI-AML-001",
  title: "ML workspace public network access is disabled",
  severity: "error",
  service: "aml",
  resourceTypes: ["azurerm_machine_learning_workspace", "azapi_resource"],
  applies: isArmType(AML_WORKSPACE),
  rationale: "The workspace holds data stores, models and job logs with PHI; it should be reachable only through private endpoints.",
  remediation: 'Set public_network_access_enabled = false (azapi: properties.publicNetworkAccess = "Disabled").',
  references: { checkov: ["CKV_AZURE_144", "CKV2_AZURE_49"], azurePolicy: ["438c38d2-3772-465a-a9cc-7a6666a275ce"], hipaa: ["164.312(e)(1)", "164.312(a)(1)"] },
  check: (resource) =>
    expectEither(
      resource,
      { paths: ["public_network_access_enabled"], ok: (value) => value === false, want: "false", whenAbsent: false },
      { path: "properties.publicNetworkAccess", ok: (value) => value === "Disabled", want: '"Disabled"', whenAbsent: false },
    ),
});
