/**
 * The endpoint a `fhi rollout` command acts on, as on-call staff name it (`--endpoint`, `--region` where a name
 * repeats), with its rollout plan, its deployments as ARM knows them, and where it is written in the environment file.
 */
import type { Environment, OnlineEndpointConfig } from "../../environments/schema/config";
import { RegionNames } from "../../environments/schema/naming";
import type { RegionName } from "../../environments/schema/regions";
import { releaseOf } from "../../environments/schema/releases";
import type { RolloutPlan } from "../../environments/schema/rollout";
import { environmentFile } from "../environment";
import { refused } from "../errors";
import { listGpuPools, type AksDeployment, type MlDeployment } from "../gpu/pools";

interface TargetBase {
  /** `region/endpoint`. */
  readonly id: string;
  readonly environment: Environment;
  readonly region: RegionName;
  readonly names: RegionNames;
  readonly endpoint: OnlineEndpointConfig;
  readonly plan: RolloutPlan;
  /** The endpoint's place in the environment file, e.g. `regions[0].endpoints[0]`. */
  readonly configPath: string;
}

/** An Azure ML managed online endpoint (prod): the split is the endpoint's `traffic` and `mirrorTraffic`. */
export interface ManagedTarget extends TargetBase {
  readonly kind: "managed";
  readonly deployments: Readonly<Record<string, MlDeployment>>;
}

/** The endpoint a cluster serves (dev, pilot): the split is Flux post-build variables of its serving configuration. */
export interface ClusterTarget extends TargetBase {
  readonly kind: "cluster";
  readonly deployments: Readonly<Record<string, AksDeployment>>;
}

export type RolloutTarget = ManagedTarget | ClusterTarget;

/** The deployment `role` of the plan names, as ARM knows it. */
export function deploymentOf<T extends RolloutTarget>(target: T, name: string): T["deployments"][string] {
  return target.deployments[name] as T["deployments"][string];
}

/** The release a deployment of the endpoint runs, for the tables. */
export function releaseIdOf(target: RolloutTarget, deployment: string): string {
  return releaseOf(target.environment, target.endpoint.deployments.find((candidate) => candidate.name === deployment)!).id;
}

/** Where to change the plan: the file and field path, for messages. */
export function planPlace(target: RolloutTarget): string {
  return `${environmentFile(target.environment.name)} ${target.configPath}.rollout`;
}

/**
 * The endpoint `name` names (in `region` when given). Unknown or ambiguous names, and endpoints without a rollout plan,
 * are refused before anything is read from Azure.
 */
export function resolveRolloutTarget(environment: Environment, name: string, region?: string): RolloutTarget {
  const pools = listGpuPools(environment, region).filter((pool): pool is MlDeployment | AksDeployment => pool.kind !== "aks-node-pool");
  const endpointIds = [...new Set(pools.map((pool) => `${pool.region}/${pool.endpoint}`))];
  const scope = region ? `${environment.name} (${region})` : environment.name;
  const matches = endpointIds.filter((id) => id === name || id.split("/")[1] === name);
  if (matches.length === 0) throw refused(`--endpoint ${name}: no endpoint of that name in ${scope}. Fix: use one of ${endpointIds.join(", ")}`);
  if (matches.length > 1) throw refused(`--endpoint ${name} is in more than one region of ${environment.name} (${matches.join(", ")}). Fix: add --region ${matches[0].split("/")[0]}, or give region/endpoint`);
  const [location, endpointName] = matches[0].split("/") as [RegionName, string];
  const own = pools.filter((pool) => pool.region === location && pool.endpoint === endpointName);
  const regionIndex = environment.regions.findIndex((candidate) => candidate.location === location);
  const endpointIndex = environment.regions[regionIndex].endpoints.findIndex((candidate) => candidate.name === endpointName);
  const endpoint = environment.regions[regionIndex].endpoints[endpointIndex];
  const configPath = `regions[${regionIndex}].endpoints[${endpointIndex}]`;
  if (!endpoint.rollout) {
    throw refused(
      `${matches[0]} has no rollout plan (${environmentFile(environment.name)} ${configPath}.rollout), so there is nothing to show or move. A rollout starts with a pull request that adds the next deployment and the plan at step 0 (docs/runbooks/ship-a-model.md)`,
    );
  }
  const base = { id: matches[0], environment, region: location, names: new RegionNames(environment, location), endpoint, plan: endpoint.rollout, configPath };
  const byName = <T extends MlDeployment | AksDeployment>(list: T[]) => Object.fromEntries(list.map((pool) => [pool.name, pool]));
  if (own.every((pool) => pool.kind === "aml-deployment")) return { ...base, kind: "managed", deployments: byName(own as MlDeployment[]) };
  return { ...base, kind: "cluster", deployments: byName(own as AksDeployment[]) };
}
