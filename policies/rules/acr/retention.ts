import { show } from "../../engine/checks";
import { defineRule, fail, pass, unknown } from "../../engine/rule";
import { isAbsent, isUnknown, valueAt } from "../../model/value";
import { AZURERM_2_TO_4 } from "../common/generations";

export const acrRetentionPolicy = defineRule({
  id: "FHI-ACR-006",
  title: "Container registry deletes untagged manifests after a retention period",
  severity: "warning",
  service: "acr",
  resourceTypes: ["azurerm_container_registry"],
  generations: AZURERM_2_TO_4,
  rationale:
    "Untagged manifests pile up old, unpatched images that can still be pulled by digest. A retention of 0 days is the provider's way of turning the policy off, so it fails (checkov passes any value).",
  remediation: "Set retention_policy_in_days to 1 or more (before 4.0: retention_policy { enabled = true, days = 7 }).",
  references: { checkov: ["CKV_AZURE_167"], hipaa: ["164.308(a)(5)(ii)(B)"] },
  check: (resource) => {
    const days = valueAt(resource.values, "retention_policy_in_days");
    const legacy = valueAt(resource.values, "retention_policy.enabled");
    if (isUnknown(days) || isUnknown(legacy)) return unknown(`retention is ${show(isUnknown(days) ? days : legacy)}`);
    if (typeof days === "number" && days > 0) return pass(`untagged manifests are deleted after ${days} days`);
    if (legacy === true) return pass("retention_policy is enabled");
    return fail(isAbsent(days) ? "retention_policy_in_days is not set" : `retention_policy_in_days is ${show(days)}`);
  },
});
