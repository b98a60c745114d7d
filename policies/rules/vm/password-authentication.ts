import { all, expectBoolean } from "../../engine/checks";
import { defineRule, fail, pass } from "../../engine/rule";
import { isAbsent } from "../../model/value";

export const linuxVmPasswordAuthentication = defineRule({
  id: "FHI-VM-001",
  title: "Linux VMs allow SSH keys only, no passwords",
  severity: "error",
  critical: true,
  service: "vm",
  resourceTypes: ["azurerm_linux_virtual_machine", "azurerm_linux_virtual_machine_scale_set", "azurerm_virtual_machine"],
  rationale: "Passwords are guessed and reused; SSH keys (or Entra ID login) are not.",
  remediation: "Set disable_password_authentication = true, remove admin_password and add admin_ssh_key.",
  references: { checkov: ["CKV_AZURE_149", "CKV_AZURE_1", "CKV_AZURE_178"], trivy: ["AVD-AZU-0039"], azurePolicy: ["630c64f9-8b6b-4c64-b511-6544ceff6fd6"], hipaa: ["164.312(d)", "164.312(a)(2)(i)"] },
  check: (resource) =>
    resource.type === "azurerm_virtual_machine"
      ? expectBoolean(resource, ["os_profile_linux_config.disable_password_authentication"], true, false)
      : all([
          expectBoolean(resource, ["disable_password_authentication"], true, true),
          isAbsent(resource.values.admin_password) ? pass("no admin_password") : fail("admin_password is set"),
        ]),
});
