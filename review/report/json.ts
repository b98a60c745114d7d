import type { Review } from "../model";
import { toJson } from "../values";

/** One JSON object: `changes` (with attribute and security details), `broadening`, `policy`, `summary`, `note`. */
export function renderJson(review: Review): string {
  const document = {
    title: review.title,
    changes: review.changes.map((change) => ({
      stack: change.stack,
      address: change.address,
      ...(change.previousAddress ? { previousAddress: change.previousAddress } : {}),
      type: change.type,
      action: change.action,
      attributes: change.attributes.map((attribute) => ({
        path: attribute.path,
        before: toJson(attribute.before),
        after: toJson(attribute.after),
        ...(attribute.forcesReplacement ? { forcesReplacement: true } : {}),
      })),
      ...(change.replacedBecause ? { replacedBecause: change.replacedBecause } : {}),
      ...(change.statefulLoss ? { statefulLoss: change.statefulLoss } : {}),
      security: change.security,
    })),
    broadening: review.summary.broadening > 0,
    policy: review.policy,
    summary: review.summary,
    note: review.note,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
