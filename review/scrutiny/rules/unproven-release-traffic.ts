import type { ResourceChange } from "../../model";
import type { Assessment, ScrutinyRule } from "../rule";
import { deploymentLabel, exposure, reviewDay, servingRecords, SERVING_RECORD_TYPES, unproven } from "../serving-records";

/**
 * Requests of patients reach a model release that is not proven for the environment (not served long enough in the
 * environment before, or not signed off): broadening whenever the change gives such a deployment more of the
 * endpoint's traffic, live or mirrored, or puts the unproven release on a deployment that has traffic. Judged on the
 * review's day, so an output synthesized with a pinned FHI_TODAY does not carry its verdict along.
 */
export const unprovenReleaseTraffic: ScrutinyRule = {
  id: "unproven-release-traffic",
  title: "Traffic to unproven model releases",
  resourceTypes: SERVING_RECORD_TYPES,
  assess(change: ResourceChange): Assessment[] {
    const records = servingRecords(change);
    if (!records?.after) return [];
    const { before, after } = records;
    const day = reviewDay();
    return Object.entries(after.deployments).flatMap(([name, deployment]) => {
      const previous = before?.deployments[name];
      const more = exposure(deployment) > 0 && (previous?.release !== deployment.release || exposure(deployment) > exposure(previous));
      const reason = more ? unproven(deployment, after.environment, day) : undefined;
      if (!reason) return [];
      return [{ kind: "broadening" as const, reason: `${deploymentLabel(after, name)} takes ${deployment.trafficPercent} % of requests and a copy of ${deployment.mirrorPercent} %, but ${reason}` }];
    });
  },
};
