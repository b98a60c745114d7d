import { all, expectBoolean, expectSetting } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const flowLogRetention = defineRule({
  id: "FHI-NET-006",
  title: "Flow logs are enabled and kept for at least 90 days",
  severity: "warning",
  service: "network",
  resourceTypes: ["azurerm_network_watcher_flow_log"],
  generations: AZURERM_2_TO_4,
  rationale:
    "Intrusions are found weeks or months later; the flow records of when they began must still exist. The number of days counts, not the block: retention must be enabled with at least 90 days, or 0, which keeps the records indefinitely (CIS Microsoft Azure Foundations Benchmark; checkov accepts 0, trivy does not).",
  remediation: "Set enabled = true and retention_policy { enabled = true, days = 90 } or more (0 keeps the records indefinitely).",
  references: { checkov: ["CKV_AZURE_12"], trivy: ["AVD-AZU-0049"], hipaa: ["164.312(b)", "164.316(b)(2)(i)"] },
  check: (resource) =>
    all([
      expectBoolean(resource, ["enabled"], true, false),
      expectBoolean(resource, ["retention_policy.enabled"], true, false),
      expectSetting(resource, { paths: ["retention_policy.days"], ok: (value) => value === 0 || (typeof value === "number" && value >= 90), want: "at least 90 (0 keeps them indefinitely)", whenAbsent: false }),
    ]),
});
