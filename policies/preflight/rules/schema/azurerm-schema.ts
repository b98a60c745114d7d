import { fail, pass, unknown } from "../../../engine/rule";
import { CONSTRAINTS, schemaViolations } from "../../schema/constraints";
import { definePreflightRule } from "../../rule";

export const azurermSchemaConstraints = definePreflightRule({
  id: "FHI-PF-SCHEMA-001",
  title: "azurerm resources satisfy the provider's schema constraints",
  severity: "error",
  service: "schema",
  resourceTypes: ["*"],
  applies: (resource) => resource.mode === "managed" && resource.type.startsWith("azurerm_"),
  rationale:
    "`terraform plan` refuses a configuration that breaks the provider's schema (ExactlyOneOf, ConflictsWith, RequiredWith, AtLeastOneOf, allowed values, ranges, block counts, unknown arguments). Where no provider binary runs, these are checked here from a table taken from the provider's source at the pinned version.",
  remediation: "Change the attribute as the message says; the provider source line is given with each problem.",
  sources: [`https://github.com/hashicorp/terraform-provider-azurerm/tree/${CONSTRAINTS.tag} (commit ${CONSTRAINTS.commit}); table: policies/preflight/schema/azurerm-constraints.json`],
  check: (resource) => {
    // A plan exists only once the provider has validated the configuration; its planned values also hold what the
    // provider computed (ids, both spellings of renamed arguments), which are not configuration.
    if (resource.source.kind === "plan") return pass("planned by terraform: the provider validated its schema");
    const violations = schemaViolations(resource.type, resource.values);
    if (violations === undefined) return unknown(`${resource.type} is not in the constraint table (azurerm ${CONSTRAINTS.tag}); refresh it (policies/preflight/schema/refresh.ts)`);
    return violations.length === 0
      ? pass(`satisfies azurerm ${CONSTRAINTS.tag}'s schema`)
      : fail(violations.map((violation) => `${violation.path}: ${violation.problem}${violation.at ? ` (${violation.at})` : ""}`).join("; "));
  },
});
