import { expectSetting } from "../../engine/checks";
import { defineRule } from "../../engine/rule";

export const storageMinTls = defineRule({
  id: "FHI-ST-002",
  title: "Storage account requires TLS 1.2 or later",
  severity: "error",
  critical: true,
  service: "storage",
  resourceTypes: ["azurerm_storage_account"],
  rationale: "TLS 1.0 and 1.1 have known weaknesses and are not acceptable for health data in transit.",
  remediation: 'Set min_tls_version = "TLS1_2" (the 4.x default).',
  references: { checkov: ["CKV_AZURE_44"], trivy: ["AVD-AZU-0011"], azurePolicy: ["fe83a0eb-a853-422d-aac2-1bffd182c5d0"], hipaa: ["164.312(e)(2)(ii)"] },
  check: (resource) => expectSetting(resource, { paths: ["min_tls_version"], ok: (value) => value === "TLS1_2" || value === "TLS1_3", want: '"TLS1_2"', whenAbsent: true }),
});
