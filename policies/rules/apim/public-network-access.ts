import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const apimPublicNetworkAccess = defineRule({
  id: "FHI-APIM-001",
  title: "API Management public network access is disabled",
  severity: "error",
  service: "apim",
  resourceTypes: ["azurerm_api_management"],
  generations: AZURERM_2_TO_4,
  rationale: "The gateway holds the identity that may call the model; reachable from the internet it can be called around the WAF. Front Door's Private Link must be the only way in.",
  remediation:
    "Set public_network_access_enabled = false once Front Door's Private Link connection is approved (Azure requires it on at creation: waive this finding only for that first apply, as the gateway stack does for regions in privateLinkPendingRegions).",
  references: { checkov: ["CKV_AZURE_174"], hipaa: ["164.312(e)(1)", "164.312(a)(1)"] },
  check: (resource) => expectBoolean(resource, ["public_network_access_enabled"], false, true),
});
