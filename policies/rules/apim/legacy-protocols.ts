import { all, expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";

/** Each legacy protocol or cipher with its 4.x attribute name and the 3.x one. */
const LEGACY = [
  ["frontend_ssl30_enabled", "enable_frontend_ssl30"],
  ["frontend_tls10_enabled", "enable_frontend_tls10"],
  ["frontend_tls11_enabled", "enable_frontend_tls11"],
  ["backend_ssl30_enabled", "enable_backend_ssl30"],
  ["backend_tls10_enabled", "enable_backend_tls10"],
  ["backend_tls11_enabled", "enable_backend_tls11"],
  ["triple_des_ciphers_enabled", "enable_triple_des_ciphers"],
] as const;

export const apimLegacyProtocols = defineRule({
  id: "FHI-APIM-002",
  title: "API Management has SSL 3.0, TLS 1.0/1.1 and 3DES turned off",
  severity: "error",
  critical: true,
  service: "apim",
  resourceTypes: ["azurerm_api_management"],
  rationale: "Legacy protocols and 3DES can be downgraded to or broken; requests and completions carrying PHI cross both of the gateway's legs.",
  remediation: "In the security block set every frontend_/backend_ ssl30, tls10 and tls11 flag and triple_des_ciphers_enabled to false (the 4.x defaults).",
  references: { hipaa: ["164.312(e)(2)(ii)"] },
  check: (resource) => all(LEGACY.map(([current, legacy]) => expectBoolean(resource, [`security.${current}`, `security.${legacy}`], false, false))),
});
