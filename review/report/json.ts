import type { AttributeChange, ResourceChange, Review } from "../model";
import { toJson } from "../values";

function attributeJson(attribute: AttributeChange): object {
  const json: Record<string, unknown> = { path: attribute.path, before: toJson(attribute.before), after: toJson(attribute.after) };
  if (attribute.forcesReplacement) json.forcesReplacement = true;
  return json;
}

function changeJson(change: ResourceChange): object {
  // Written out rather than spread: a large plan has many thousands of changes.
  const json: Record<string, unknown> = { stack: change.stack, address: change.address };
  if (change.previousAddress) json.previousAddress = change.previousAddress;
  json.type = change.type;
  json.action = change.action;
  json.attributes = change.attributes.map(attributeJson);
  if (change.replacedBecause) json.replacedBecause = change.replacedBecause;
  if (change.statefulLoss) json.statefulLoss = change.statefulLoss;
  json.security = change.security;
  return json;
}

/** One JSON object: `changes` (with attribute and security details), `broadening`, `policy`, `summary`, `note`. */
export function renderJson(review: Review): string {
  const document = {
    title: review.title,
    changes: review.changes.map(changeJson),
    broadening: review.summary.broadening > 0,
    policy: review.policy,
    summary: review.summary,
    note: review.note,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
