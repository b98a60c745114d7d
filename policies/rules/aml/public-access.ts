import { defineRule } from "../../engine/rule";
import { isArmType, expectEither } from "../common/azapi";
import { AML_WORKSPACE } from "../common/aml";
import { oneOf } from "../../engine/checks";
import { AZURERM_2_TO_4, AZAPI_1_TO_2 } from "../common/generations";

export const amlWorkspacePublicAccess = defineRule({
  id: "FHI-AML-001",
  title: "ML workspace public network access is disabled",
  severity: "error",
  service: "aml",
  resourceTypes: ["azurerm_machine_learning_workspace", "azapi_resource"],
  generations: [...AZURERM_2_TO_4, ...AZAPI_1_TO_2],
  applies: isArmType(AML_WORKSPACE),
  rationale:
    "The workspace holds data stores, models and job logs with PHI; it should be reachable only through private endpoints. An unset flag fails: the provider's default is public (checkov's CKV2_AZURE_49 passes it).",
  remediation: 'Set public_network_access_enabled = false (azapi: properties.publicNetworkAccess = "Disabled").',
  references: { checkov: ["CKV_AZURE_144", "CKV2_AZURE_49"], azurePolicy: ["438c38d2-3772-465a-a9cc-7a6666a275ce"], hipaa: ["164.312(e)(1)", "164.312(a)(1)"] },
  check: (resource) =>
    expectEither(
      resource,
      { paths: ["public_network_access_enabled"], ok: (value) => value === false, want: "false", whenAbsent: false },
      { path: "properties.publicNetworkAccess", ok: oneOf("Disabled"), want: '"Disabled"', whenAbsent: false },
    ),
});
