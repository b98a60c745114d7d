import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const storageCrossTenantReplication = defineRule({
  id: "FHI-ST-014",
  title: "Storage account forbids replication to other tenants",
  severity: "warning",
  service: "storage",
  resourceTypes: ["azurerm_storage_account"],
  generations: AZURERM_2_TO_4,
  rationale:
    "Object replication to another Entra tenant copies data outside the hospital's control. Unset, it is allowed up to azurerm 3.x and forbidden from 4.0: an unset flag passes only when the input says the provider is 4.x.",
  remediation: "Set cross_tenant_replication_enabled = false (the 4.x default).",
  references: { azurePolicy: ["92a89a79-6c52-4a7e-a03f-61306fc49312"], hipaa: ["164.312(a)(1)", "164.308(b)(1)"] },
  check: (resource) => expectBoolean(resource, ["cross_tenant_replication_enabled"], false, { 2: true, 4: false }),
});
