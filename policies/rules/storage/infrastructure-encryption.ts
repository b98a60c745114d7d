import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const storageInfrastructureEncryption = defineRule({
  id: "FHI-ST-011",
  title: "Storage account double-encrypts data at the infrastructure layer",
  severity: "info",
  service: "storage",
  resourceTypes: ["azurerm_storage_account"],
  generations: AZURERM_2_TO_4,
  rationale: "A second, independent encryption layer protects data if one algorithm or key is compromised.",
  remediation: "Set infrastructure_encryption_enabled = true (only at creation).",
  references: { trivy: ["AVD-AZU-0061"], azurePolicy: ["4733ea7b-a883-42fe-8cac-97454c2a9e4a"], hipaa: ["164.312(a)(2)(iv)"] },
  check: (resource) => expectBoolean(resource, ["infrastructure_encryption_enabled"], true, false),
});
