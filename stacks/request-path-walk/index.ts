/**
 * The request-path walk: what a client of each environment calls (from its config), walked on the synthesized
 * Terraform (never on config) until it reaches the GPUs and the released weights. `docs/request-path.md` is
 * generated from the result (stacks/request-path.ts).
 */
import type { Environment, OnlineEndpointConfig } from "../../environments/schema/config";
import { releaseOf } from "../../environments/schema/releases";
import { kubernetesEndpoint } from "../../environments/schema/serving";
import { MODEL_API_PATH, MODEL_OPERATIONS } from "../../constructs/api-gateway/model-gateway";
import { CLUSTER_MODEL_ROUTES } from "../serving/cluster-serving";
import { walkApiRequest, type ApiRequest, type ApiRequestPath } from "./api-path";
import { walkClusterRequest, type ClusterRequest, type ClusterRequestPath } from "./cluster-path";
import type { ServedModel } from "./shared";
import type { SynthesizedTerraform } from "./terraform";

export { BrokenLink, type Hop } from "./hops";
export { SynthesizedTerraform, type StackDocument } from "./terraform";
export type { ApiRequest, ApiRequestPath, ClusterRequest, ClusterRequestPath, ServedModel };

/** The model a deployment runs, from its release. */
export function servedModel(env: Environment, deployment: OnlineEndpointConfig["deployments"][number]): ServedModel {
  const { model } = releaseOf(env, deployment);
  return { name: model.name, version: model.version, weightsSha256: model.weights.sha256 };
}

/** What the environment's clients call: chat completions on every public host name, and on every cluster that serves the model. */
export function clientRequests(env: Environment): { readonly api: readonly ApiRequest[]; readonly cluster: readonly ClusterRequest[] } {
  const models = Object.fromEntries(env.regions.flatMap((region) => region.endpoints.flatMap((endpoint) => endpoint.deployments.map((deployment) => [`${endpoint.name}/${deployment.name}`, servedModel(env, deployment)]))));
  const api = Object.values(env.api?.geographies ?? {}).flatMap((geography) =>
    geography.hostnames.map((hostname) => ({ environment: env.name, hostname, path: `/${MODEL_API_PATH}${MODEL_OPERATIONS[0].urlTemplate}`, models })),
  );
  const cluster = env.regions.flatMap((region) => {
    const serving = region.aks?.serving;
    const endpoint = kubernetesEndpoint(region);
    if (!serving || !endpoint) return [];
    const byDeployment = Object.fromEntries(endpoint.deployments.map((deployment) => [deployment.name, servedModel(env, deployment)]));
    return [{ environment: env.name, hostname: serving.hostname, path: CLUSTER_MODEL_ROUTES[0].path, audience: serving.entraAudience, models: byDeployment }];
  });
  return { api, cluster };
}

export interface EnvironmentWalk {
  readonly environment: string;
  readonly api: readonly ApiRequestPath[];
  readonly cluster: readonly ClusterRequestPath[];
}

/** Every client request of the environment, walked. Throws BrokenLink naming the first hop that does not hold. */
export function walkEnvironment(terraform: SynthesizedTerraform, env: Environment): EnvironmentWalk {
  const requests = clientRequests(env);
  return {
    environment: env.name,
    api: requests.api.flatMap((request) => walkApiRequest(terraform, request)),
    cluster: requests.cluster.map((request) => walkClusterRequest(terraform, request)),
  };
}
