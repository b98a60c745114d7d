import { expectOneOf } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const keyVaultKeyHsm = defineRule({
  id: "FHI-KV-103",
  title: "Key Vault keys are HSM-backed",
  severity: "warning",
  service: "keyvault",
  resourceTypes: ["azurerm_key_vault_key"],
  generations: AZURERM_2_TO_4,
  rationale: "HSM-backed keys never leave FIPS 140 validated hardware; software keys can be exported by the service.",
  remediation: 'Use key_type = "RSA-HSM" or "EC-HSM" in a Premium vault.',
  references: { checkov: ["CKV_AZURE_112"], azurePolicy: ["587c79fe-dd04-4a5e-9d0b-f89598c7261b"], hipaa: ["164.312(a)(2)(iv)"] },
  check: (resource) => expectOneOf(resource, ["key_type"], ["RSA-HSM", "EC-HSM"], false),
});
