import { expectOneOf } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const storageMinTls = defineRule({
  id: "FHI-ST-002",
  title: "Storage account requires TLS 1.2 or later",
  severity: "error",
  critical: true,
  service: "storage",
  resourceTypes: ["azurerm_storage_account"],
  generations: AZURERM_2_TO_4,
  rationale:
    "TLS 1.0 and 1.1 have known weaknesses and are not acceptable for health data in transit. An unset min_tls_version passes only when the input says the provider is 3.0 or newer (default TLS1_2); azurerm 2.x defaulted to TLS1_0, and without a version constraint the provider is not known, so the version must be written (as checkov asks).",
  remediation: 'Set min_tls_version = "TLS1_2".',
  references: { checkov: ["CKV_AZURE_44"], trivy: ["AVD-AZU-0011"], azurePolicy: ["fe83a0eb-a853-422d-aac2-1bffd182c5d0"], hipaa: ["164.312(e)(2)(ii)"] },
  check: (resource) => expectOneOf(resource, ["min_tls_version"], ["TLS1_2", "TLS1_3"], { 2: false, 3: true }),
});
