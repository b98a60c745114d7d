/**
 * What the stacks promise the deploy pipeline (deploy/, .github/workflows/deploy-environment.yml), in a module
 * light enough for `fhi deploy` to load without cdktf.
 */
import type { Environment } from "../environments/schema/config";

/**
 * Some settings Azure refuses while it creates a resource and accepts only afterwards (API Management's
 * `public_network_access_enabled = false`). A stack that holds such a resource declares one boolean Terraform
 * variable under this name, default false, and uses it for exactly those settings. The deploy pipeline applies the
 * resources that read it once with the variable true and `-target`ed to them, only while they do not exist yet,
 * then applies the whole stack with the default (deploy/plan.ts). Nothing else may read it.
 */
export const CREATION_PHASE_VARIABLE = "creation_phase";

/** The label an environment's self-hosted deploy runners register with, and its deploy job runs on. */
export const runnerLabel = (env: Pick<Environment, "name" | "naming">) => `${env.naming.prefix}-${env.name}-deploy`;

/** Longest a self-hosted runner lives: the deploy job's whole budget must fit (deploy/plan.ts checks it). */
export const RUNNER_JOB_TIMEOUT_MINUTES = 480;
