import { ladderExposure, settingRule } from "../rule";

/** With no network ACL block, the service firewall lets every network in. */
const allowUnlessDenied = ladderExposure(["Deny", "Allow"], "Allow");

export const networkDefaultAction = settingRule({
  id: "network-default-action",
  title: "Network ACL default action",
  settings: [
    { types: ["azurerm_key_vault", "azurerm_cognitive_account"], paths: ["network_acls.default_action"], label: "network ACL default action", exposure: allowUnlessDenied, broadeningOnCreate: true },
    { types: ["azurerm_storage_account"], paths: ["network_rules.default_action"], label: "network rules default action", exposure: allowUnlessDenied, broadeningOnCreate: true },
    { types: ["azurerm_storage_account_network_rules"], paths: ["default_action"], label: "network rules default action", exposure: allowUnlessDenied, broadeningOnCreate: true },
    { types: ["azurerm_container_registry"], paths: ["network_rule_set.default_action"], label: "network rule set default action", exposure: allowUnlessDenied, broadeningOnCreate: false },
  ],
});
