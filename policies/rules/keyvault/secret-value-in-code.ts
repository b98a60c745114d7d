import { defineRule, fail, pass, unknown } from "../../engine/rule";
import { isAbsent, isUnknown, valueAt } from "../../model/value";
import { AZURERM_2_TO_4 } from "../common/generations";

export const keyVaultSecretValueInCode = defineRule({
  id: "FHI-KV-203",
  title: "Key Vault secret values are not written in the configuration",
  severity: "error",
  critical: true,
  service: "keyvault",
  resourceTypes: ["azurerm_key_vault_secret"],
  generations: AZURERM_2_TO_4,
  rationale: "A literal secret value in Terraform JSON ends up in git, CI logs and review diffs.",
  remediation: "Generate the value (random_password), pass it in a write-only attribute (value_wo), or set it outside Terraform.",
  references: { hipaa: ["164.312(a)(1)", "164.312(d)"] },
  check: (resource) => {
    if (resource.source.kind === "plan") return unknown("a plan shows values, not where they came from; check the configuration instead");
    const value = valueAt(resource.values, "value");
    if (isAbsent(value)) return pass("no value in the configuration");
    if (isUnknown(value)) return pass("the value comes from an expression");
    return fail("value is a literal in the configuration");
  },
});
