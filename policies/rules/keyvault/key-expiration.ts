import { expectPresent } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const keyVaultKeyExpiration = defineRule({
  id: "FHI-KV-101",
  title: "Key Vault keys expire",
  severity: "warning",
  service: "keyvault",
  resourceTypes: ["azurerm_key_vault_key"],
  generations: AZURERM_2_TO_4,
  rationale:
    "Keys without an end of life stay usable forever if leaked. A rotation policy's expire_after dates only the versions rotation creates, not the version Terraform creates (learn.microsoft.com/azure/key-vault/keys/how-to-configure-key-rotation), so expiration_date is required; an expression (timeadd) counts.",
  remediation: "Set expiration_date (e.g. timeadd(timestamp(), \"8760h\") with lifecycle ignore_changes), and rotation_policy.expire_after for later versions.",
  references: { checkov: ["CKV_AZURE_40"], trivy: ["AVD-AZU-0014"], azurePolicy: ["152b15f7-8e1f-4c1f-ab71-8c010ba5dbc0"], hipaa: ["164.312(a)(2)(iv)"] },
  check: (resource) => expectPresent(resource, "expiration_date", "the key never expires"),
});
