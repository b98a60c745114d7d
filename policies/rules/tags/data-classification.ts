import { defineRule, fail, pass, unknown } from "../../engine/rule";
import { isAbsent, isUnknown, valueAt } from "../../model/value";
import { isTaggable, TAGGABLE_TYPES } from "./required-tags";
import { AZAPI_1_TO_2, AZURERM_2_TO_4 } from "../common/generations";

const CLASSIFICATIONS = ["public", "internal", "confidential", "restricted-phi"];

export const dataClassificationTag = defineRule({
  id: "FHI-TAG-002",
  title: "The data-classification tag uses the hospital's scheme",
  severity: "warning",
  service: "tags",
  resourceTypes: [...TAGGABLE_TYPES, "azapi_resource"],
  generations: [...AZURERM_2_TO_4, ...AZAPI_1_TO_2],
  applies: isTaggable,
  rationale: "Access reviews and incident response find PHI systems by their classification; free-text values defeat that.",
  remediation: `Set tags["data-classification"] to one of ${CLASSIFICATIONS.join(", ")}.`,
  references: { hipaa: ["164.308(a)(1)(ii)(A)"] },
  check: (resource) => {
    const value = valueAt(resource.values, "tags.data-classification");
    if (isUnknown(value)) return unknown("the classification is an expression");
    if (isAbsent(value)) return pass("no classification tag (FHI-TAG-001 reports it)");
    return typeof value === "string" && CLASSIFICATIONS.includes(value) ? pass(`classified ${value}`) : fail(`data-classification is ${JSON.stringify(value)}; use one of ${CLASSIFICATIONS.join(", ")}`);
  },
});
