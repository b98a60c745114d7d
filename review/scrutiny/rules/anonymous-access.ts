import { ladderExposure, settingRule, switchExposure } from "../rule";

export const anonymousAccess = settingRule({
  id: "anonymous-access",
  title: "Anonymous (public) read access",
  settings: [
    { types: ["azurerm_container_registry"], paths: ["anonymous_pull_enabled"], label: "anonymous pull", exposure: switchExposure(true, false), broadeningOnCreate: true },
    { types: ["azurerm_storage_account"], paths: ["allow_nested_items_to_be_public"], label: "public blob access allowed", exposure: switchExposure(true, true), broadeningOnCreate: true },
    { types: ["azurerm_storage_container"], paths: ["container_access_type"], label: "container access type", exposure: ladderExposure(["private", "blob", "container"], "private"), broadeningOnCreate: true },
  ],
});
