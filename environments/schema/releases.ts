/**
 * Which release each deployment runs, in one place: every reader of the model or the model-server image (fit checks,
 * server settings, the model asset, the weights' folder, the gateway's and router's limits, `fhi rollout`) asks here.
 */
import type { DeploymentConfig, Environment, EnvironmentSettings, OnlineEndpointConfig } from "./config";
import type { ServedModel } from "./model";
import type { Release } from "./release";
import { currentStep, stepTraffic } from "./rollout";

/** The ID of the release a deployment runs: its own `release`, or the environment's `modelServer.release`. */
export function releaseIdOf(env: Pick<EnvironmentSettings, "modelServer">, deployment: Pick<DeploymentConfig, "release">): string {
  return deployment.release ?? env.modelServer.release;
}

/** The release a deployment runs; validation guarantees it exists. */
export function releaseOf(env: Pick<Environment, "name" | "modelServer" | "releases">, deployment: Pick<DeploymentConfig, "release" | "name">): Release {
  const id = releaseIdOf(env, deployment);
  const release = env.releases[id];
  if (!release) throw new Error(`${env.name}/${deployment.name}: release ${id} is not among the environment's releases (validation should have refused it)`);
  return release;
}

/**
 * The deployment answering the endpoint's requests: the rollout's `current`, or the one with the largest share (the
 * first of equals). Its release bounds what clients may send (the gateway's and router's limits).
 */
export function currentDeployment(endpoint: OnlineEndpointConfig): DeploymentConfig {
  const named = endpoint.rollout && endpoint.deployments.find((deployment) => deployment.name === endpoint.rollout!.current);
  return named ?? endpoint.deployments.reduce((best, deployment) => (deployment.trafficPercent > best.trafficPercent ? deployment : best));
}

export function currentRelease(env: Pick<Environment, "name" | "modelServer" | "releases">, endpoint: OnlineEndpointConfig): Release {
  return releaseOf(env, currentDeployment(endpoint));
}

/** Every release some deployment of the environment runs, once each, in config order. */
export function releasesInUse(env: Environment): Release[] {
  const ids = new Set(env.regions.flatMap((region) => region.endpoints.flatMap((endpoint) => endpoint.deployments.map((deployment) => releaseIdOf(env, deployment)))));
  return [...ids].map((id) => env.releases[id]);
}

/**
 * The model whose context bounds requests to `endpoints` (all of the environment's when absent): the current releases'
 * model, the one with the shortest context when they differ, so no limit lets through what a serving model must refuse.
 */
export function requestBoundingModel(env: Pick<Environment, "name" | "modelServer" | "releases" | "regions">, endpoints: readonly OnlineEndpointConfig[] = env.regions.flatMap((region) => region.endpoints)): ServedModel {
  const models = endpoints.map((endpoint) => currentRelease(env, endpoint).model);
  if (models.length === 0) throw new Error(`${env.name}: no endpoint, so no model bounds its requests`);
  return models.reduce((shortest, model) => (model.maxModelLength < shortest.maxModelLength ? model : shortest));
}

/** The model name clients ask for; validation keeps it one per environment. */
export function servedModelName(env: Environment): string {
  return releasesInUse(env)[0].model.name;
}

/** The share of the endpoint's requests copied to the rollout's `next` (its shadow step); 0 otherwise. */
export function mirrorPercent(endpoint: Pick<OnlineEndpointConfig, "rollout">): number {
  return endpoint.rollout ? stepTraffic(currentStep(endpoint.rollout)).mirror : 0;
}
