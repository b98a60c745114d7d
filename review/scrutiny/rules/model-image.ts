import { isUnknown, valueAt, type Value } from "../../../policies/model";
import type { ResourceChange } from "../../model";
import { sameValue } from "../../values";
import { armTypeOf, type Assessment, type ScrutinyContext, type ScrutinyRule } from "../rule";

const DIGEST = /([\w./-]+)@(sha256:[0-9a-f]{64})/;
const ENVIRONMENT_VERSION = "Microsoft.MachineLearningServices/workspaces/environments/versions";
const DEPLOYMENT = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments";

/** `repository@sha256:...` in a value (an image string, or the expression that builds it from the registry's login server). */
function imageIn(value: Value | undefined): { repository: string; digest: string } | undefined {
  const text = isUnknown(value) ? value.why : typeof value === "string" ? value : undefined;
  // Most values hold no digest; the plain search rules them out faster than the pattern.
  const match = text === undefined || !text.includes("@sha256:") ? undefined : DIGEST.exec(text);
  return match ? { repository: match[1].split("/").pop()!, digest: match[2] } : undefined;
}

const short = (digest: string) => digest.slice(0, 19);

function versionImage(change: ResourceChange, side: "before" | "after") {
  const values = change[side];
  return armTypeOf(values) === ENVIRONMENT_VERSION ? imageIn(valueAt(values, "body.properties.image")) : undefined;
}

/**
 * A new model-server image reaches patients: shown as notable (not broadening by itself) wherever a digest
 * changes, including AML environment versions, which are new resources per digest.
 */
export const modelImage: ScrutinyRule = {
  id: "model-image",
  title: "Model-server image digests",
  resourceTypes: ["*"],
  assess(change: ResourceChange, context: ScrutinyContext): Assessment[] {
    const notes: Assessment[] = [];
    for (const attribute of change.attributes) {
      const before = imageIn(attribute.before);
      const after = imageIn(attribute.after);
      if (before && after && before.digest !== after.digest) {
        notes.push({ kind: "notable", reason: `image ${after.repository} digest ${short(before.digest)} -> ${short(after.digest)} (${attribute.path})` });
      }
    }
    const created = change.action === "create" ? versionImage(change, "after") : undefined;
    if (created) {
      const parent = valueAt(change.after, "parent_id");
      const replaced = context.changes
        .filter((other) => other.action === "destroy" && other.stack === change.stack && sameValue(valueAt(other.before, "parent_id"), parent))
        .map((other) => versionImage(other, "before"))
        .find((image) => image !== undefined);
      notes.push({
        kind: "notable",
        reason: replaced
          ? `model-server image ${created.repository} digest ${short(replaced.digest)} -> ${short(created.digest)} (new environment version)`
          : `new model-server image ${created.repository}@${short(created.digest)}`,
      });
    }
    if (armTypeOf(change.after) === DEPLOYMENT && change.before !== null) {
      const before = valueAt(change.before, "body.properties.environmentId");
      const after = valueAt(change.after, "body.properties.environmentId");
      if (!sameValue(before, after)) notes.push({ kind: "notable", reason: `deployment "${String(change.after?.name)}" switches its model-server environment version` });
    }
    return notes;
  },
};
