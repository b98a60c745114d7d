import { isAbsent, type Value } from "../../../policies/model";
import { settingRule, switchExposure, type Setting } from "../rule";

const DIAGNOSTICS = ["azurerm_api_management_diagnostic", "azurerm_api_management_api_diagnostic"];
const DIRECTIONS = ["frontend_request", "frontend_response", "backend_request", "backend_response"] as const;

/** Any body bytes logged is exposure (prompts and completions are PHI); more bytes, more exposure. */
function bodyBytesExposure(value: Value | undefined): number | undefined {
  if (isAbsent(value)) return 0;
  return typeof value === "number" ? value : undefined;
}

const bodyBytes: Setting[] = DIRECTIONS.map((direction) => ({
  types: DIAGNOSTICS,
  paths: [`${direction}.body_bytes`],
  label: `${direction.replace("_", " ")} body logging (bytes)`,
  exposure: bodyBytesExposure,
  broadeningOnCreate: true,
}));

export const bodyLogging = settingRule({
  id: "body-logging",
  title: "Logging of request and response bodies (PHI)",
  settings: [
    ...bodyBytes,
    // A trace copies request and response bodies out of the gateway; azurerm allows tracing unless told not to.
    { types: ["azurerm_api_management_subscription"], paths: ["allow_tracing"], label: "request tracing", exposure: switchExposure(true, true), broadeningOnCreate: true },
  ],
});
