/**
 * The request-path walk: what a client of each environment calls (from its config), walked on the synthesized
 * Terraform (never on config) until it reaches the GPUs and the released weights. `docs/request-path.md` is
 * generated from the result (stacks/request-path.ts).
 */
import type { Environment } from "../../environments/schema/config";
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

/** The release the environment serves, from its model description. */
export function servedModel(env: Environment): ServedModel {
  return { name: env.model.name, version: env.model.version, weightsSha256: env.model.weights.sha256 };
}

/** What the environment's clients call: chat completions on every public host name, and on every cluster that serves the model. */
export function clientRequests(env: Environment): { readonly api: readonly ApiRequest[]; readonly cluster: readonly ClusterRequest[] } {
  const model = servedModel(env);
  const api = Object.values(env.api?.geographies ?? {}).flatMap((geography) =>
    geography.hostnames.map((hostname) => ({ environment: env.name, hostname, path: `/${MODEL_API_PATH}${MODEL_OPERATIONS[0].urlTemplate}`, model })),
  );
  const cluster = env.regions.flatMap((region) => {
    const serving = region.aks?.serving;
    return serving && kubernetesEndpoint(region) ? [{ environment: env.name, hostname: serving.hostname, path: CLUSTER_MODEL_ROUTES[0].path, audience: serving.entraAudience, model }] : [];
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
