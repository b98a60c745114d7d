import { defineRule } from "../../engine/rule";
import { isArmType } from "../common/azapi";
import { AML_WORKSPACE, expectIsolationMode } from "../common/aml";
import { AZURERM_3_TO_4, AZAPI_1_TO_2 } from "../common/generations";

const ISOLATED = ["AllowOnlyApprovedOutbound", "AllowInternetOutbound"];

export const amlManagedNetwork = defineRule({
  id: "FHI-AML-002",
  title: "ML workspace uses managed network isolation",
  severity: "error",
  service: "aml",
  resourceTypes: ["azurerm_machine_learning_workspace", "azapi_resource"],
  generations: [...AZURERM_3_TO_4, ...AZAPI_1_TO_2],
  applies: isArmType(AML_WORKSPACE),
  rationale: "Managed network isolation puts managed computes and online deployments in a network Microsoft operates for the workspace, with private endpoints to its dependencies.",
  remediation: 'Set managed_network { isolation_mode = "AllowOnlyApprovedOutbound" } (azapi: properties.managedNetwork.isolationMode).',
  references: { hipaa: ["164.312(e)(1)"] },
  check: (resource) => expectIsolationMode(resource, ISOLATED),
});
