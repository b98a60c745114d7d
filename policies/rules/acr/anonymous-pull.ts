import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const acrAnonymousPullDisabled = defineRule({
  id: "FHI-ACR-002",
  title: "Container registry does not allow anonymous pull",
  severity: "error",
  critical: true,
  service: "acr",
  resourceTypes: ["azurerm_container_registry"],
  generations: AZURERM_2_TO_4,
  rationale:
    "Anonymous pull publishes the clinical model's images, and any weights baked into them, to anyone who can reach the registry. The flag fails whatever the SKU (checkov ignores it on Basic, where Azure rejects it): it takes effect on the next upgrade to Standard or Premium.",
  remediation: "Set anonymous_pull_enabled = false.",
  references: { checkov: ["CKV_AZURE_138"], azurePolicy: ["9f2dea28-e834-476c-99c5-3507b4728395"], hipaa: ["164.312(a)(1)", "164.312(d)"] },
  check: (resource) => expectBoolean(resource, ["anonymous_pull_enabled"], false, false),
});
