import { defineRule, pass } from "../../engine/rule";
import { bodyValue, isArmType, expectArm } from "../common/azapi";
import { AML_ONLINE_ENDPOINT } from "../common/aml";
import { isAbsent } from "../../model/value";
import { oneOf } from "../../engine/checks";
import { AZAPI_1_TO_2 } from "../common/generations";

export const onlineEndpointPublicAccess = defineRule({
  id: "FHI-EP-001",
  title: "Managed online endpoints are not reachable from the internet",
  severity: "error",
  service: "endpoint",
  resourceTypes: ["azapi_resource"],
  generations: AZAPI_1_TO_2,
  applies: isArmType(AML_ONLINE_ENDPOINT),
  rationale: "Scoring requests carry PHI; managed endpoints must be reached through private endpoints or the hospital's controlled edge, not a public scoring URI.",
  remediation: 'Set properties.publicNetworkAccess = "Disabled" in the endpoint body.',
  references: { hipaa: ["164.312(e)(1)", "164.312(a)(1)"] },
  check: (resource) =>
    // A Kubernetes endpoint (properties.compute set) is exposed by the cluster's inference router, not by this flag.
    !isAbsent(bodyValue(resource, "properties.compute"))
      ? pass("a Kubernetes online endpoint: its exposure is the AKS cluster's")
      : expectArm(resource, { path: "properties.publicNetworkAccess", ok: oneOf("Disabled"), want: '"Disabled"', whenAbsent: false }),
});
