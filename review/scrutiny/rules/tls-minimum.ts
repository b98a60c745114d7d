import { isAbsent, type Value } from "../../../policies/model";
import { settingRule, switchExposure } from "../rule";

/** TLS versions in the spellings the providers use: "TLS1_2", "1.2", "TLS1_2_2019"... Older is more exposed. */
function tlsExposure(absent: string): (value: Value | undefined) => number | undefined {
  return (value) => {
    const text = isAbsent(value) ? absent : value;
    if (typeof text !== "string") return undefined;
    const match = /1[._](\d)/.exec(text);
    return match ? 3 - Number(match[1]) : undefined;
  };
}

export const tlsMinimum = settingRule({
  id: "tls-minimum",
  title: "Minimum TLS version and HTTPS only",
  settings: [
    { types: ["azurerm_storage_account"], paths: ["min_tls_version"], label: "minimum TLS version", exposure: tlsExposure("TLS1_2"), broadeningOnCreate: true },
    { types: ["azurerm_redis_cache", "azurerm_mssql_server"], paths: ["minimum_tls_version"], label: "minimum TLS version", exposure: tlsExposure("1.2"), broadeningOnCreate: true },
    {
      types: ["azurerm_linux_web_app", "azurerm_windows_web_app", "azurerm_linux_function_app", "azurerm_windows_function_app"],
      paths: ["site_config.minimum_tls_version"],
      label: "minimum TLS version",
      exposure: tlsExposure("1.2"),
      broadeningOnCreate: true,
    },
    { types: ["azurerm_cdn_frontdoor_custom_domain"], paths: ["tls.minimum_tls_version"], label: "minimum TLS version", exposure: tlsExposure("TLS12"), broadeningOnCreate: true },
    { types: ["azurerm_storage_account"], paths: ["https_traffic_only_enabled", "enable_https_traffic_only"], label: "HTTPS only", exposure: switchExposure(false, true), broadeningOnCreate: true },
  ],
});
