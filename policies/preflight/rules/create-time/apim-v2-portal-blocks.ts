import { fail, pass } from "../../../engine/rule";
import { blocksAt, isUnknown, valueAt } from "../../../model/value";
import { definePreflightRule } from "../../rule";

/** Blocks azurerm 4.55 refuses on V2 and Consumption tiers, after the instance's create (api_management_resource.go). */
const PORTAL_BLOCKS = ["sign_up", "sign_in", "delegation", "tenant_access"];

export const apimPortalBlocksOnV2 = definePreflightRule({
  id: "FHI-PF-APIM-002",
  title: "No developer-portal blocks on API Management V2 or Consumption tiers",
  severity: "error",
  service: "api-management",
  resourceTypes: ["azurerm_api_management"],
  rationale:
    "azurerm 4.55 rejects sign_up, sign_in, delegation and tenant_access on V2 and Consumption SKUs only after the PUT that creates the instance has run for many minutes; the instance is left tainted and the next apply destroys and recreates it.",
  remediation: "Remove sign_up, sign_in, delegation and tenant_access from V2 and Consumption instances.",
  sources: ["internal/services/apimanagement/api_management_resource.go (azurerm v4.55.0, resourceApiManagementServiceCreate: \"`sign_up` is not supported for sku tiers `Consumption` and `V2`\")"],
  check: (apim) => {
    const sku = valueAt(apim.values, "sku_name");
    if (typeof sku !== "string" || isUnknown(sku)) return pass("the SKU is not a literal");
    if (!/V2|^Consumption/.test(sku)) return pass(`${sku} accepts the portal blocks`);
    const present = PORTAL_BLOCKS.filter((block) => {
      const blocks = blocksAt(apim.values, block);
      return isUnknown(blocks) || blocks.length > 0;
    });
    return present.length > 0 ? fail(`${present.join(", ")} set on ${sku}`) : pass(`no portal block on ${sku}`);
  },
});
