import { show } from "../../engine/checks";
import { defineRule, fail, pass, unknown } from "../../engine/rule";
import { isAbsent, isUnknown, valueAt } from "../../model/value";
import type { Resource } from "../../model/resource";
import { AZURERM_2_TO_4 } from "../common/generations";

/** azurerm has `local_authentication_enabled` (4.x) and the older inverted `local_authentication_disabled`. */
export function checkLocalAuthentication(resource: Resource) {
  const enabled = valueAt(resource.values, "local_authentication_enabled");
  const disabled = valueAt(resource.values, "local_authentication_disabled");
  if (enabled === false || disabled === true) return pass("local (key-based) authentication is disabled");
  if (isUnknown(enabled) || isUnknown(disabled)) return unknown(`local authentication is ${show(isUnknown(enabled) ? enabled : disabled)}`);
  if (isAbsent(enabled) && isAbsent(disabled)) return fail("local authentication is not disabled (provider default: enabled)");
  return fail("local (key-based) authentication is enabled");
}

export const logAnalyticsLocalAuth = defineRule({
  id: "FHI-MON-001",
  title: "Log Analytics accepts only Entra ID authenticated ingestion and queries",
  severity: "error",
  service: "monitor",
  resourceTypes: ["azurerm_log_analytics_workspace"],
  generations: AZURERM_2_TO_4,
  rationale: "Shared workspace keys let anyone holding them write forged audit records or read logs that mention patients.",
  remediation: "Set local_authentication_enabled = false (older: local_authentication_disabled = true).",
  references: { azurePolicy: ["e15effd4-2278-4c65-a0da-4d6f6d1890e2"], hipaa: ["164.312(b)", "164.312(d)"] },
  check: checkLocalAuthentication,
});
