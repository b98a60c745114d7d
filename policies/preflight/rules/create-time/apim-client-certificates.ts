import { fail, pass } from "../../../engine/rule";
import { valueAt } from "../../../model/value";
import { definePreflightRule } from "../../rule";

export const apimClientCertificatesOnConsumptionOnly = definePreflightRule({
  id: "FHI-PF-APIM-003",
  title: "client_certificate_enabled only on the Consumption tier",
  severity: "error",
  service: "api-management",
  resourceTypes: ["azurerm_api_management"],
  rationale: "azurerm 4.55 refuses `client_certificate_enabled = true` on any tier but Consumption, at apply time.",
  remediation: "Leave client_certificate_enabled unset (or false) on other tiers; negotiate client certificates per hostname instead.",
  sources: ["internal/services/apimanagement/api_management_resource.go (azurerm v4.55.0: \"`client_certificate_enabled` is only supported when sku type is `Consumption`\")"],
  check: (apim) => {
    const enabled = valueAt(apim.values, "client_certificate_enabled");
    if (enabled !== true && String(enabled).toLowerCase() !== "true") return pass("client certificates are not requested");
    const sku = String(valueAt(apim.values, "sku_name"));
    return /^Consumption/.test(sku) ? pass("Consumption tier") : fail(`client_certificate_enabled = true on ${sku}`);
  },
});
