import { expectSetting, sameText } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const aksUpgradeChannel = defineRule({
  id: "FHI-AKS-012",
  title: "AKS has an automatic upgrade channel",
  severity: "warning",
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  generations: AZURERM_2_TO_4,
  rationale: "Clusters left on one version miss security patches for Kubernetes CVEs.",
  remediation: 'Set automatic_upgrade_channel (before 4.0: automatic_channel_upgrade) to "patch" or "stable" and define maintenance_window_auto_upgrade.',
  references: { checkov: ["CKV_AZURE_171"], hipaa: ["164.308(a)(5)(ii)(B)"] },
  check: (resource) =>
    expectSetting(resource, {
      paths: ["automatic_upgrade_channel", "automatic_channel_upgrade"],
      ok: (value) => typeof value === "string" && !sameText(value, "none"),
      want: "patch, stable, rapid or node-image",
      whenAbsent: false,
    }),
});
