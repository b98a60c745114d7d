import { oneOf } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { expectEither, isArmType } from "../common/azapi";
import { AZAPI_1_TO_2, AZURERM_2_TO_4 } from "../common/generations";
import { KEY_VAULT_KEY } from "../common/keys";

const HSM_KEY_TYPES = ["RSA-HSM", "EC-HSM"];

export const keyVaultKeyHsm = defineRule({
  id: "FHI-KV-103",
  title: "Key Vault keys are HSM-backed",
  severity: "warning",
  service: "keyvault",
  resourceTypes: ["azurerm_key_vault_key", "azapi_resource"],
  generations: [...AZURERM_2_TO_4, ...AZAPI_1_TO_2],
  applies: isArmType(KEY_VAULT_KEY),
  rationale: "HSM-backed keys never leave FIPS 140 validated hardware; software keys can be exported by the service.",
  remediation: 'Use key_type = "RSA-HSM" or "EC-HSM" in a Premium vault (azapi: properties.kty).',
  references: { checkov: ["CKV_AZURE_112"], azurePolicy: ["587c79fe-dd04-4a5e-9d0b-f89598c7261b"], hipaa: ["164.312(a)(2)(iv)"] },
  check: (resource) => {
    const setting = { ok: oneOf(...HSM_KEY_TYPES), want: HSM_KEY_TYPES.map((type) => JSON.stringify(type)).join(" or "), whenAbsent: false };
    return expectEither(resource, { paths: ["key_type"], ...setting }, { path: "properties.kty", ...setting });
  },
});
