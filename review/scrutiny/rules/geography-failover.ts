import { isUnknown, valueAt, type Value } from "../../../policies/model";
import { geographyOf } from "../../../policies/rules/common/geographies";
import type { ResourceChange } from "../../model";
import type { Assessment, ScrutinyRule } from "../rule";

const regionOf = (value: Value | undefined) => (typeof value === "string" ? value : undefined);
const priorityOf = (value: Value | undefined) => (typeof value === "number" ? value : 1);

/**
 * Front Door origins and data residency: an origin moved into another geography, or a backup origin (priority
 * above 1: it serves when the group's own origins are down) added, opens a path for health data out of its
 * geography. Geographies are named where the origin's Private Link region tells them.
 */
export const geographyFailover: ScrutinyRule = {
  id: "geography-failover",
  title: "Front Door origins across data-residency geographies",
  resourceTypes: ["azurerm_cdn_frontdoor_origin"],
  assess(change: ResourceChange): Assessment[] {
    if (change.after === null) return [];
    const after = valueAt(change.after, "private_link.location");
    if (isUnknown(after)) return change.before === null ? [] : [{ kind: "notable", reason: "origin region is an expression (cannot tell its geography)" }];
    const region = regionOf(after);
    const where = region ? `${region} (${geographyOf(region)})` : "an unnamed region";
    const before = change.before === null ? undefined : regionOf(valueAt(change.before, "private_link.location"));
    if (before && region && geographyOf(before) !== geographyOf(region)) {
      return [{ kind: "broadening", reason: `origin moves from ${before} (${geographyOf(before)}) to ${where}` }];
    }
    const wasBackup = change.before !== null && priorityOf(valueAt(change.before, "priority")) > 1;
    if (priorityOf(valueAt(change.after, "priority")) > 1 && !wasBackup) {
      return [{ kind: "broadening", reason: `failover origin in ${where} added: the group's traffic goes there when its own origins are down` }];
    }
    return [];
  },
};
