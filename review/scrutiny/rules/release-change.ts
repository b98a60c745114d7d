import type { ResourceChange } from "../../model";
import type { Assessment, ScrutinyRule } from "../rule";
import { deploymentLabel, servingRecords, SERVING_RECORD_TYPES } from "../serving-records";
import type { DeploymentRecord } from "../../../environments/schema/serving-record";

/** Where a release has served and who signed it off, as a reviewer reads it. */
function provenance(deployment: DeploymentRecord, environment: string): string {
  const evidence = deployment.evidence;
  if (!evidence) return `no promotion gate in ${environment}`;
  const served = evidence.servedSince ? `served in ${evidence.after} since ${evidence.servedSince}` : `never served in ${evidence.after}`;
  const signed = evidence.signedOffBy ? `${environment} sign-off by ${evidence.signedOffBy} on ${evidence.signedOffAt} (${evidence.evaluation})` : `no ${environment} sign-off`;
  return `${served}; ${signed}`;
}

/**
 * A deployment starts running another model release: shown with where that release has served and since when, and
 * who signed it off, so the reviewer sees the clinical evidence beside the change (notable, not broadening by itself:
 * the promotion gate refuses unproven releases, and unproven-release-traffic says when one still gets traffic).
 */
export const releaseChange: ScrutinyRule = {
  id: "release-change",
  title: "Model releases of deployments",
  resourceTypes: SERVING_RECORD_TYPES,
  assess(change: ResourceChange): Assessment[] {
    const records = servingRecords(change);
    if (!records?.after) return [];
    const { before, after } = records;
    return Object.entries(after.deployments).flatMap(([name, deployment]) => {
      const previous = before?.deployments[name];
      if (previous?.release === deployment.release) return [];
      const what = previous ? `release ${previous.release} -> ${deployment.release}` : `runs release ${deployment.release}`;
      return [{ kind: "notable" as const, reason: `${deploymentLabel(after, name)} ${what} (${deployment.model}, ${deployment.image.replace(/@(sha256:[0-9a-f]{12})[0-9a-f]+$/, "@$1…")}): ${provenance(deployment, after.environment)}` }];
    });
  },
};
