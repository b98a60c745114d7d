/**
 * The serving record of an endpoint: which release each deployment runs with the evidence that let it in (where it
 * served first and since when, who signed it off), each deployment's live and mirrored share, and the rollout plan.
 * The inference stack writes it as a `terraform_data` resource (constructs/record/terraform-record.ts), so plans and
 * `fhi review` show a release or rollout change like any resource change; review's scrutiny rules read it back.
 */
import type { Environment, OnlineEndpointConfig } from "./config";
import { promotionEvidence } from "./promotion";
import { mirrorPercent, releaseOf } from "./releases";
import type { RolloutPlan } from "./rollout";

/** Marks the record among `terraform_data` resources, with the version of its shape. */
export const SERVING_RECORD_KIND = "fhi.serving-record/v1";

export interface ReleaseEvidence {
  /** The environment it had to serve in first, and how long. */
  readonly after: string;
  readonly minDaysServed: number;
  readonly servedSince?: string;
  readonly signedOffBy?: string;
  readonly signedOffAt?: string;
  readonly evaluation?: string;
  /** The first day the promotion gate opens; absent while a proof is missing. */
  readonly provenOn?: string;
}

export interface DeploymentRecord {
  readonly release: string;
  /** `<model name> v<version>`. */
  readonly model: string;
  readonly image: string;
  readonly trafficPercent: number;
  readonly mirrorPercent: number;
  /** Absent where the environment has no promotion gate. */
  readonly evidence?: ReleaseEvidence;
}

export interface ServingRecord {
  readonly kind: typeof SERVING_RECORD_KIND;
  readonly environment: string;
  readonly endpoint: string;
  readonly deployments: Readonly<Record<string, DeploymentRecord>>;
  readonly rollout?: RolloutPlan;
}

export function servingRecord(env: Environment, endpoint: OnlineEndpointConfig): ServingRecord {
  const mirrored = mirrorPercent(endpoint);
  const deployments = Object.fromEntries(
    endpoint.deployments.map((deployment): [string, DeploymentRecord] => {
      const release = releaseOf(env, deployment);
      const evidence = env.promotion && promotionEvidence(release, env.name, env.promotion);
      return [
        deployment.name,
        {
          release: release.id,
          model: `${release.model.name} v${release.model.version}`,
          image: `${release.image.repository}@${release.image.digest}`,
          trafficPercent: deployment.trafficPercent,
          mirrorPercent: deployment.name === endpoint.rollout?.next ? mirrored : 0,
          evidence: evidence && {
            after: evidence.after,
            minDaysServed: evidence.minDaysServed,
            servedSince: evidence.servedSince,
            signedOffBy: evidence.signOff?.by,
            signedOffAt: evidence.signOff?.at,
            evaluation: evidence.signOff?.evaluation,
            provenOn: evidence.provenOn,
          },
        },
      ];
    }),
  );
  return { kind: SERVING_RECORD_KIND, environment: env.name, endpoint: endpoint.name, deployments, rollout: endpoint.rollout };
}

/** A value read back from a plan or synthesized output is a serving record (of this shape version). */
export function isServingRecord(value: unknown): value is ServingRecord {
  const record = value as Partial<ServingRecord> | null;
  return typeof record === "object" && record !== null && record.kind === SERVING_RECORD_KIND && typeof record.deployments === "object" && record.deployments !== null;
}
