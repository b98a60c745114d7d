import { defineRule } from "../../engine/rule";
import { isArmType, expectEither } from "../common/azapi";
import { AML_COMPUTE } from "../common/aml";
import { AZURERM_3_TO_4, AZAPI_1_TO_2 } from "../common/generations";

export const amlComputeLocalAuth = defineRule({
  id: "FHI-AML-101",
  title: "ML computes disable local authentication",
  severity: "error",
  service: "aml",
  resourceTypes: ["azurerm_machine_learning_compute_cluster", "azurerm_machine_learning_compute_instance", "azapi_resource"],
  generations: [...AZURERM_3_TO_4, ...AZAPI_1_TO_2],
  applies: isArmType(AML_COMPUTE),
  rationale: "Local authentication (SSH users, keys) on computes bypasses Entra ID and its audit trail.",
  remediation: "Set local_auth_enabled = false (azapi: properties.disableLocalAuth = true).",
  references: { checkov: ["CKV_AZURE_142"], azurePolicy: ["e96a9a5f-07ca-471b-9bc5-6a0f33cbd68f"], hipaa: ["164.312(a)(2)(i)", "164.312(d)"] },
  check: (resource) =>
    expectEither(
      resource,
      { paths: ["local_auth_enabled"], ok: (value) => value === false, want: "false", whenAbsent: false },
      { path: "properties.disableLocalAuth", ok: (value) => value === true, want: "true", whenAbsent: false },
    ),
});
