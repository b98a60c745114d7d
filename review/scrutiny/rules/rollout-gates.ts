import type { ResourceChange } from "../../model";
import type { Assessment, ScrutinyRule } from "../rule";
import { deploymentLabel, exposure, servingRecords, SERVING_RECORD_TYPES } from "../serving-records";
import { GATE_NAMES } from "../../../environments/schema/rollout";

/**
 * The gates hold a rollout back while the new release misbehaves. A gate removed, or its threshold raised (a higher
 * latency, error share or saturation let through), is broadening while the rollout goes on; so is the plan removed
 * with its gates before `full` while the deployment still takes traffic. A gate added or tightened is narrowing.
 */
export const rolloutGates: ScrutinyRule = {
  id: "rollout-gates",
  title: "Rollout gates",
  resourceTypes: SERVING_RECORD_TYPES,
  assess(change: ResourceChange): Assessment[] {
    const records = servingRecords(change);
    if (!records?.after || !records.before?.rollout) return [];
    const was = records.before.rollout;
    const is = records.after.rollout;
    const label = `rollout of ${records.after.endpoint} to ${was.next}`;
    if (!is || is.next !== was.next) {
      const next = records.after.deployments[was.next];
      const atFull = was.steps[was.step].kind === "full";
      return !atFull && exposure(next) > 0 ? [{ kind: "broadening", reason: `${label}: its gates are removed while ${deploymentLabel(records.after, was.next)} still takes ${exposure(next)} % of requests` }] : [];
    }
    return GATE_NAMES.flatMap((gate): Assessment[] => {
      const before = was.gates[gate];
      const after = is.gates[gate];
      if (before === after) return [];
      if (after === undefined) return [{ kind: "broadening", reason: `${label}: gate ${gate} ${before} removed` }];
      if (before === undefined) return [{ kind: "narrowing", reason: `${label}: gate ${gate} ${after} added` }];
      return [{ kind: after > before ? "broadening" : "narrowing", reason: `${label}: gate ${gate} ${before} -> ${after}${after > before ? " (lets more through)" : ""}` }];
    });
  },
};
