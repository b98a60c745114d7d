import { defineRule, fail, pass, unknown } from "../../engine/rule";
import { isUnknown, valueAt } from "../../model/value";
import { geographyOf } from "../common/geographies";
import { AZURERM_3_TO_4 } from "../common/generations";

export const frontDoorOriginGroupResidency = defineRule({
  id: "FHI-AFD-006",
  title: "A Front Door origin group stays within one data-residency geography",
  severity: "warning",
  service: "frontdoor",
  resourceTypes: ["azurerm_cdn_frontdoor_origin_group"],
  generations: AZURERM_3_TO_4,
  rationale:
    "Front Door sends a request to any healthy origin of its group: a group spanning geographies moves health data across borders whenever an origin is slow or down. Failover across geographies must be a documented decision.",
  remediation: "Give each geography its own origin group and route; allow cross-geography failover only where config says so, and suppress this finding there with the decision's reference.",
  references: { hipaa: ["164.308(a)(1)(ii)(B)", "164.314(a)(1)"] },
  check: (resource, model) => {
    const origins = model.referrers(resource, { types: ["azurerm_cdn_frontdoor_origin"], path: "cdn_frontdoor_origin_group_id" }).map((referrer) => referrer.resource);
    const locations = origins.map((origin) => valueAt(origin.values, "private_link.location"));
    if (locations.some(isUnknown)) return unknown("an origin's private_link.location is an expression");
    const regions = locations.filter((location): location is string => typeof location === "string");
    if (regions.length === 0) return unknown("no origin of the group names its region (private_link.location)");
    const geographies = [...new Set(regions.map(geographyOf))];
    return geographies.length === 1
      ? pass(`origins in ${regions.join(", ")}: ${geographies[0]}`)
      : fail(`origins in ${regions.join(", ")} span ${geographies.join(", ")}`);
  },
});
