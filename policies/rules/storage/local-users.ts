import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";

export const storageLocalUsersDisabled = defineRule({
  id: "FHI-ST-012",
  title: "Storage account disables local users (SFTP/NFS accounts)",
  severity: "warning",
  service: "storage",
  resourceTypes: ["azurerm_storage_account"],
  rationale: "Local users are password or SSH-key accounts outside Entra ID, with no MFA and no central review.",
  remediation: "Set local_user_enabled = false.",
  references: { checkov: ["CKV_AZURE_244"], hipaa: ["164.312(a)(2)(i)", "164.312(d)"] },
  check: (resource) => expectBoolean(resource, ["local_user_enabled"], false, true),
});
