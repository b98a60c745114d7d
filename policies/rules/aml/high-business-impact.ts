import { defineRule } from "../../engine/rule";
import { isArmType, expectEither } from "../common/azapi";
import { AML_WORKSPACE } from "../common/aml";
import { AZURERM_3_TO_4, AZAPI_1_TO_2 } from "../common/generations";

export const amlHighBusinessImpact = defineRule({
  id: "FHI-AML-004",
  title: "ML workspace is flagged high business impact",
  severity: "warning",
  service: "aml",
  resourceTypes: ["azurerm_machine_learning_workspace", "azapi_resource"],
  generations: [...AZURERM_3_TO_4, ...AZAPI_1_TO_2],
  applies: isArmType(AML_WORKSPACE),
  rationale: "The HBI flag makes Azure ML limit the diagnostic data Microsoft collects and encrypt local scratch disks of computes.",
  remediation: "Set high_business_impact = true (azapi: properties.hbiWorkspace = true); it is set at creation only.",
  references: { hipaa: ["164.312(a)(2)(iv)", "164.308(b)(1)"] },
  check: (resource) =>
    expectEither(
      resource,
      { paths: ["high_business_impact"], ok: (value) => value === true, want: "true", whenAbsent: false },
      { path: "properties.hbiWorkspace", ok: (value) => value === true, want: "true", whenAbsent: false },
    ),
});
