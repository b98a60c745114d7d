import { expectBoolean } from "../../engine/checks";
import { defineRule, fail } from "../../engine/rule";
import { isAbsent, valueAt } from "../../model/value";
import { AZURERM_2_TO_4 } from "../common/generations";

/** Before 3.0 the Secrets Store CSI driver was an add-on of addon_profile. */
const ADDON_2X = "addon_profile.azure_keyvault_secrets_provider";

export const aksSecretRotation = defineRule({
  id: "FHI-AKS-020",
  title: "AKS reads secrets from Key Vault through the Secrets Store CSI driver, with rotation",
  severity: "info",
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  generations: AZURERM_2_TO_4,
  rationale:
    "With the driver, pods read secrets from Key Vault (audited, rotated) instead of Kubernetes secrets; without rotation they keep serving a secret after it was rotated or revoked. A cluster without the driver is reported too, as checkov does.",
  remediation: "Add key_vault_secrets_provider { secret_rotation_enabled = true } (2.x: addon_profile { azure_keyvault_secrets_provider { enabled = true, secret_rotation_enabled = true } }).",
  references: { checkov: ["CKV_AZURE_172"], hipaa: ["164.312(a)(1)"] },
  check: (resource) => {
    if (!isAbsent(valueAt(resource.values, "key_vault_secrets_provider"))) return expectBoolean(resource, ["key_vault_secrets_provider.secret_rotation_enabled"], true, false);
    if (!isAbsent(valueAt(resource.values, ADDON_2X))) return expectBoolean(resource, [`${ADDON_2X}.secret_rotation_enabled`], true, false);
    return fail("the Secrets Store CSI driver is not installed (key_vault_secrets_provider)");
  },
});
