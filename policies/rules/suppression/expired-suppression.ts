import type { RuleInfo } from "../../engine/rule";

/** Checked by the engine on every suppression with an expiry date. */
export const expiredSuppression: RuleInfo = {
  id: "FHI-SUP-002",
  title: "Suppressions are renewed or removed before they expire",
  severity: "error",
  service: "suppression",
  rationale: "A time-boxed exception records a promise to fix the resource by a date; once the date passes the exception no longer applies and the decision must be taken again.",
  remediation: "Fix the resource and delete the suppression, or renew it with a new reason and expiry date after review.",
  references: { checkov: [], trivy: [], azurePolicy: [], hipaa: ["164.308(a)(1)(ii)(B)", "164.308(a)(8)"] },
  resourceTypes: ["*"],
};
