import type { RuleInfo } from "../../engine/rule";

/** Checked by the engine on every suppression; a broken suppression never hides a finding. */
export const invalidSuppression: RuleInfo = {
  id: "FHI-SUP-001",
  title: "Suppressions name a rule of the pack, give a reason of at least 10 characters, and waive no critical rule",
  severity: "error",
  critical: true,
  service: "suppression",
  rationale: "An exception to a security control must be traceable to a decision: which control, why, and until when. Critical controls protect PHI so directly that no exception is accepted.",
  remediation: "Fix the suppression: use a rule ID from `fhi policy rules`, write why the control does not apply (10+ characters), use an expiry date YYYY-MM-DD, or fix the resource instead of suppressing a critical rule.",
  references: { checkov: [], trivy: [], azurePolicy: [], hipaa: ["164.308(a)(1)(ii)(B)", "164.316(b)(1)"] },
  resourceTypes: ["*"],
};
