import { expectOneOf } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const storageContainerPrivate = defineRule({
  id: "FHI-ST-013",
  title: "Storage containers are private",
  severity: "error",
  critical: true,
  service: "storage",
  resourceTypes: ["azurerm_storage_container"],
  generations: AZURERM_2_TO_4,
  rationale: "A blob or container access level publishes its contents to anyone with the URL.",
  remediation: 'Set container_access_type = "private" (the default).',
  references: { checkov: ["CKV_AZURE_34"], trivy: ["AVD-AZU-0007"], hipaa: ["164.312(a)(1)"] },
  check: (resource) => expectOneOf(resource, ["container_access_type"], ["private"], true),
});
