import { fail, pass, unknown } from "../../../engine/rule";
import { isUnknown, valueAt } from "../../../model/value";
import { definePreflightRule } from "../../rule";
import { isCreated } from "../common";

export const apimPublicAccessAtCreation = definePreflightRule({
  id: "FHI-PF-APIM-001",
  title: "API Management is not created with public network access disabled",
  severity: "error",
  service: "api-management",
  resourceTypes: ["azurerm_api_management"],
  rationale:
    "Azure refuses `publicNetworkAccess: Disabled` on the request that creates an API Management instance; it can be turned off only once the instance exists. The create fails after the plan looked clean.",
  remediation:
    "Read public_network_access_enabled from a boolean variable (ours: `creation_phase`, stacks/deploy-contract.ts): the deploy creates the instance with it true in a targeted apply, then applies the stack with the default false.",
  sources: [
    "https://github.com/hashicorp/terraform-provider-azurerm/issues/21506",
    "https://learn.microsoft.com/azure/api-management/private-endpoint (\"public network access can only be disabled on an existing instance\")",
  ],
  check: (apim) => {
    const value = valueAt(apim.values, "public_network_access_enabled");
    if (isUnknown(value)) {
      return /\$\{var\.[\w-]+\}/.test(value.why) ? pass(`set by a variable (${value.why}): the deploy decides at creation`) : unknown(`${value.why}: known only at apply time`);
    }
    if (value !== false && String(value).toLowerCase() !== "false") return pass("public network access is on at creation");
    return isCreated(apim) ? fail("public_network_access_enabled = false on the apply that creates the instance") : pass("the instance exists already; turning public access off is allowed");
  },
});
