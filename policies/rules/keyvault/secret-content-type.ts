import { expectPresent } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const keyVaultSecretContentType = defineRule({
  id: "FHI-KV-202",
  title: "Key Vault secrets declare a content type",
  severity: "warning",
  service: "keyvault",
  resourceTypes: ["azurerm_key_vault_secret"],
  generations: AZURERM_2_TO_4,
  rationale: "The content type tells rotation tooling and reviewers what the secret is (password, HMAC key, certificate) and how to rotate it.",
  remediation: "Set content_type, e.g. application/octet-stream or text/plain.",
  references: { checkov: ["CKV_AZURE_114"], trivy: ["AVD-AZU-0015"], azurePolicy: ["75262d3e-ba4a-4f43-85f8-9f72c090e5e3"], hipaa: ["164.312(c)(1)"] },
  check: (resource) => expectPresent(resource, "content_type", "the secret's kind is not recorded"),
});
