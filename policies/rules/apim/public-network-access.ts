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
    "Set public_network_access_enabled = false. Azure refuses false on the request that creates an instance (FHI-PF-APIM-001), so read it from a boolean Terraform variable that defaults to false and is true only in the targeted apply that first creates the instance (ours: creation_phase, stacks/deploy-contract.ts, applied so by deploy/plan.ts and fhi deploy apply); this check then reports it unknown until apply, for review. Do not waive this finding.",
  references: { checkov: ["CKV_AZURE_174"], hipaa: ["164.312(e)(1)", "164.312(a)(1)"] },
  check: (resource) => expectBoolean(resource, ["public_network_access_enabled"], false, true),
});
