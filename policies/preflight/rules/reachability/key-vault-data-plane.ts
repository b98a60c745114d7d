import { unknown } from "../../../engine/rule";
import { reachability, VAULT } from "../../network";
import { definePreflightRule } from "../../rule";
import { referencedAt } from "../common";

export const keyVaultDataPlaneReachable = definePreflightRule({
  id: "FHI-PF-REACH-002",
  title: "Key Vault keys, secrets and certificates are written where the runners reach the vault",
  severity: "error",
  service: "reachability",
  resourceTypes: ["azurerm_key_vault_key", "azurerm_key_vault_secret", "azurerm_key_vault_certificate", "azurerm_key_vault_certificate_contacts"],
  rationale:
    "These resources are calls to `https://<vault>.vault.azure.net`, the vault's data plane, from wherever Terraform runs. A vault with public network access off refuses them unless the runner reaches a vault private endpoint and resolves it privately; the apply then fails after everything before it was created.",
  remediation:
    "Create keys through Azure Resource Manager instead (`azapi_resource` of `Microsoft.KeyVault/vaults/keys`, as constructs/key-vault/encryption-key.ts does), or give the vault a private endpoint in the deploy runner network with its privatelink.vaultcore zone linked there, in an earlier stack.",
  sources: [
    "internal/services/keyvault/key_vault_key_resource.go (azurerm v4.55.0: keys are created with the Key Vault data-plane client)",
    "https://learn.microsoft.com/azure/key-vault/general/private-link-service",
    "https://learn.microsoft.com/rest/api/keyvault/keyvault/keys/create-if-not-exist",
  ],
  check: (resource, model) => {
    const vault = referencedAt(model, resource, "key_vault_id", ["azurerm_key_vault"]);
    if (!vault) return unknown("the vault is not in the input; cannot tell how the runners reach it");
    return reachability(model, resource, vault, VAULT);
  },
});
