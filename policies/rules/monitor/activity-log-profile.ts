import { all, expectSetting, sameText, show } from "../../engine/checks";
import { defineRule, fail, pass, unknown, type Verdict } from "../../engine/rule";
import type { Resource } from "../../model/resource";
import { isUnknown, valueAt } from "../../model/value";

/** The activity log categories a profile must export: every write, delete and action on the subscription's resources. */
const CATEGORIES = ["Write", "Delete", "Action"];

function categories(resource: Resource): Verdict {
  const listed = valueAt(resource.values, "categories");
  if (isUnknown(listed)) return unknown(`categories is ${show(listed)}`);
  const present = Array.isArray(listed) ? listed : [];
  const missing = CATEGORIES.filter((category) => !present.some((item) => sameText(item, category)));
  return missing.length === 0 ? pass("exports Write, Delete and Action") : fail(`categories miss ${missing.join(", ")}`);
}

export const activityLogProfile = defineRule({
  id: "FHI-MON-012",
  title: "Activity log profiles export writes, deletes and actions and keep them for at least 365 days",
  severity: "warning",
  service: "monitor",
  resourceTypes: ["azurerm_monitor_log_profile"],
  generations: ["azurerm 2.x", "azurerm 3.x"],
  rationale:
    "The activity log records who changed which resource holding PHI; a year of it covers the breaches that are found late. A retention of 0 days keeps events indefinitely. A disabled retention policy fails (trivy fails it; checkov passes it). azurerm 4.x dropped log profiles: export the activity log with a subscription diagnostic setting instead.",
  remediation: 'Set categories = ["Write", "Delete", "Action"] and retention_policy { enabled = true, days = 365 } (or 0 to keep events indefinitely).',
  references: { checkov: ["CKV_AZURE_37", "CKV_AZURE_38"], trivy: ["AVD-AZU-0031", "AVD-AZU-0033"], hipaa: ["164.312(b)", "164.316(b)(2)(i)"] },
  check: (resource) =>
    all([
      categories(resource),
      expectSetting(resource, { paths: ["retention_policy.enabled"], ok: (value) => value === true, want: "true", whenAbsent: false }),
      expectSetting(resource, { paths: ["retention_policy.days"], ok: (value) => value === 0 || (typeof value === "number" && value >= 365), want: "at least 365 (0 keeps events indefinitely)", whenAbsent: false }),
    ]),
});
