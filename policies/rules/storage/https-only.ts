import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const storageHttpsOnly = defineRule({
  id: "FHI-ST-001",
  title: "Storage account accepts HTTPS only",
  severity: "error",
  critical: true,
  service: "storage",
  resourceTypes: ["azurerm_storage_account"],
  generations: AZURERM_2_TO_4,
  rationale: "Plain HTTP sends data and shared access signatures in clear text.",
  remediation: "Set https_traffic_only_enabled = true (before 4.0: enable_https_traffic_only); it is the provider default since 2.0.",
  references: { checkov: ["CKV_AZURE_3"], trivy: ["AVD-AZU-0008"], azurePolicy: ["404c3081-a854-4457-ae30-26a93ef643f9"], hipaa: ["164.312(e)(1)", "164.312(e)(2)(ii)"] },
  check: (resource) => expectBoolean(resource, ["https_traffic_only_enabled", "enable_https_traffic_only"], true, true),
});
