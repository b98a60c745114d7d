import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const acrAdminUserDisabled = defineRule({
  id: "FHI-ACR-001",
  title: "Container registry admin user is disabled",
  severity: "error",
  service: "acr",
  resourceTypes: ["azurerm_container_registry"],
  generations: AZURERM_2_TO_4,
  rationale: "The admin user is one shared password with push rights: anyone holding it can replace the model-server image unnoticed.",
  remediation: "Set admin_enabled = false and grant AcrPull/AcrPush roles to identities.",
  references: { checkov: ["CKV_AZURE_137"], azurePolicy: ["dc921057-6b28-4fbe-9b83-f7bec05db6c2"], hipaa: ["164.312(a)(2)(i)", "164.312(d)"] },
  check: (resource) => expectBoolean(resource, ["admin_enabled"], false, false),
});
