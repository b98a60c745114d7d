import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const storageLocalUsersDisabled = defineRule({
  id: "FHI-ST-012",
  title: "Storage account disables local users (SFTP/NFS accounts)",
  severity: "warning",
  service: "storage",
  resourceTypes: ["azurerm_storage_account"],
  generations: AZURERM_2_TO_4,
  rationale:
    "Local users are password or SSH-key accounts outside Entra ID, with no MFA and no central review. The flag must be written false (the provider defaults it to true): checkov lets it go unset while SFTP cannot be on, but turning SFTP on later would then bring password accounts with it.",
  remediation: "Set local_user_enabled = false.",
  references: { checkov: ["CKV_AZURE_244"], hipaa: ["164.312(a)(2)(i)", "164.312(d)"] },
  check: (resource) => expectBoolean(resource, ["local_user_enabled"], false, true),
});
