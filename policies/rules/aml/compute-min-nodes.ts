import { defineRule } from "../../engine/rule";
import { isAmlCompute } from "../common/aml";
import { AZURERM_3_TO_4, AZAPI_1_TO_2 } from "../common/generations";
import { expectEither } from "../common/azapi";

export const amlComputeMinNodes = defineRule({
  id: "FHI-AML-102",
  title: "ML compute clusters scale to zero nodes",
  severity: "warning",
  service: "aml",
  resourceTypes: ["azurerm_machine_learning_compute_cluster", "azapi_resource"],
  generations: [...AZURERM_3_TO_4, ...AZAPI_1_TO_2],
  applies: isAmlCompute("AmlCompute"),
  rationale: "Idle nodes keep data on disk and stay exposed with nothing to do; clusters should release them.",
  remediation: "Set scale_settings.min_node_count = 0 (azapi: properties.properties.scaleSettings.minNodeCount).",
  references: { checkov: ["CKV_AZURE_150"], hipaa: ["164.310(d)(2)(i)"] },
  check: (resource) =>
    expectEither(
      resource,
      { paths: ["scale_settings.min_node_count"], ok: (value) => value === 0, want: "0", whenAbsent: false },
      { path: "properties.properties.scaleSettings.minNodeCount", ok: (value) => value === 0, want: "0", whenAbsent: true },
    ),
});
