/**
 * Some settings Azure refuses while it creates a resource and accepts only afterwards (API Management's
 * `public_network_access_enabled = false`). A stack that holds such a resource declares one boolean Terraform
 * variable under this name, default false, and uses it for exactly those settings. The deploy pipeline applies the
 * resources that read it once with the variable true and `-target`ed to them, only while they do not exist yet,
 * then applies the whole stack with the default (`deploy/creation-phase.ts`). Nothing else may read it.
 */
export const CREATION_PHASE_VARIABLE = "creation_phase";
