import { all, expectBoolean, expectPresent } from "../../engine/checks";
import { defineRule, fail, pass } from "../../engine/rule";
import { isAbsent } from "../../model/value";
import { AZURERM_2_TO_4 } from "../common/generations";

export const linuxVmPasswordAuthentication = defineRule({
  id: "FHI-VM-001",
  title: "Linux VMs allow SSH keys only, no passwords",
  severity: "error",
  critical: true,
  service: "vm",
  resourceTypes: ["azurerm_linux_virtual_machine", "azurerm_linux_virtual_machine_scale_set", "azurerm_virtual_machine"],
  generations: AZURERM_2_TO_4,
  rationale:
    "Passwords are guessed and reused; SSH keys (or Entra ID login) are not. An admin_password fails even beside a key (trivy passes that): a password written in the configuration is a credential in code.",
  remediation: "Set disable_password_authentication = true, remove admin_password and add admin_ssh_key (azurerm_virtual_machine: os_profile_linux_config { disable_password_authentication = true, ssh_keys { ... } }).",
  references: { checkov: ["CKV_AZURE_149", "CKV_AZURE_1", "CKV_AZURE_178", "CKV_AZURE_49"], trivy: ["AVD-AZU-0039"], azurePolicy: ["630c64f9-8b6b-4c64-b511-6544ceff6fd6"], hipaa: ["164.312(d)", "164.312(a)(2)(i)"] },
  check: (resource) =>
    resource.type === "azurerm_virtual_machine"
      ? expectBoolean(resource, ["os_profile_linux_config.disable_password_authentication"], true, false)
      : all([
          expectBoolean(resource, ["disable_password_authentication"], true, true),
          isAbsent(resource.values.admin_password) ? pass("no admin_password") : fail("admin_password is set"),
          expectPresent(resource, "admin_ssh_key.public_key", "without an SSH key, sign-in is by password"),
        ]),
});
