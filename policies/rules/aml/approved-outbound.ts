import { defineRule } from "../../engine/rule";
import { isArmType } from "../common/azapi";
import { AML_WORKSPACE, expectIsolationMode } from "../common/aml";
import { AZURERM_3_TO_4, AZAPI_1_TO_2 } from "../common/generations";

export const amlApprovedOutboundOnly = defineRule({
  id: "FHI-AML-003",
  title: "ML workspace allows only approved outbound traffic",
  severity: "warning",
  service: "aml",
  resourceTypes: ["azurerm_machine_learning_workspace", "azapi_resource"],
  generations: [...AZURERM_3_TO_4, ...AZAPI_1_TO_2],
  applies: isArmType(AML_WORKSPACE),
  rationale: "With internet outbound allowed, code running on managed compute can send PHI anywhere; approved-only outbound limits egress to declared rules.",
  remediation: 'Set managed_network.isolation_mode = "AllowOnlyApprovedOutbound" and declare outbound rules.',
  references: { hipaa: ["164.312(e)(1)"] },
  check: (resource) => expectIsolationMode(resource, ["AllowOnlyApprovedOutbound"]),
});
