import { ladderExposure, settingRule, switchExposure } from "../rule";

/** Front Door (Standard/Premium and classic) WAF policies: `mode` and `enabled` at the top level. */
const FRONT_DOOR_WAF = ["azurerm_cdn_frontdoor_firewall_policy", "azurerm_frontdoor_firewall_policy"];

export const wafMode = settingRule({
  id: "waf-mode",
  title: "WAF mode (Prevention blocks, Detection only logs)",
  settings: [
    { types: FRONT_DOOR_WAF, paths: ["mode"], label: "WAF mode", exposure: ladderExposure(["Prevention", "Detection"]), broadeningOnCreate: false },
    { types: ["azurerm_web_application_firewall_policy"], paths: ["policy_settings.mode"], label: "WAF mode", exposure: ladderExposure(["Prevention", "Detection"], "Prevention"), broadeningOnCreate: false },
    { types: FRONT_DOOR_WAF, paths: ["enabled"], label: "WAF enabled", exposure: switchExposure(false, true), broadeningOnCreate: false },
  ],
});
