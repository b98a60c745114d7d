/**
 * `fhi review`: what a change to the estate does, for the people who approve it. Compares two synthesized
 * outputs (git refs, directories/files) or reads a plan, classifies each resource change (create, update,
 * replace, destroy, move), calls out stateful losses, runs the scrutiny rules (scrutiny/rules, one per
 * file, listed in scrutiny/registry.ts) and the policy pack's delta, and renders text, markdown or JSON.
 */
export { runReview, approvalNeeded, APPROVAL_MODES, type ApprovalMode, type ReviewOptions, type ReviewSource } from "./review";
export type { Review, ResourceChange, AttributeChange, SecurityNote, SecurityKind, PolicyDelta, PolicyFinding, ReviewSummary, ChangeAction } from "./model";
export { ReviewInputError } from "./errors";
export { renderText } from "./report/text";
export { renderMarkdown, REVIEW_MARKER } from "./report/markdown";
export { renderJson } from "./report/json";
export type { CheckoutSynthesizer, CheckoutToSynthesize } from "./sources/git";
export type { ScrutinyRule, Assessment } from "./scrutiny/rule";
