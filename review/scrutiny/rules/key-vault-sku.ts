import { ladderExposure, settingRule } from "../rule";

/**
 * Only a Premium vault holds HSM-protected keys (RSA-HSM, EC-HSM); moving to Standard leaves keys in software and
 * fails for the HSM keys the vault has. https://learn.microsoft.com/azure/key-vault/keys/about-keys
 */
export const keyVaultSku = settingRule({
  id: "key-vault-sku",
  title: "Key Vault SKU (HSM-protected keys)",
  settings: [
    {
      types: ["azurerm_key_vault"],
      paths: ["sku_name"],
      label: "SKU (only premium keeps keys in HSMs)",
      exposure: ladderExposure(["premium", "standard"]),
      broadeningOnCreate: false,
    },
  ],
});
