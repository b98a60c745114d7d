import { expectSetting } from "../../engine/checks";
import { defineRule } from "../../engine/rule";

export const storageContainerPrivate = defineRule({
  id: "FHI-ST-013",
  title: "Storage containers are private",
  severity: "error",
  critical: true,
  service: "storage",
  resourceTypes: ["azurerm_storage_container"],
  rationale: "A blob or container access level publishes its contents to anyone with the URL.",
  remediation: 'Set container_access_type = "private" (the default).',
  references: { checkov: ["CKV_AZURE_34"], trivy: ["AVD-AZU-0007"], hipaa: ["164.312(a)(1)"] },
  check: (resource) => expectSetting(resource, { paths: ["container_access_type"], ok: (value) => value === "private", want: '"private"', whenAbsent: true }),
});
