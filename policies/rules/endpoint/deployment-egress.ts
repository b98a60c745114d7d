import { defineRule, pass } from "../../engine/rule";
import { bodyValue, isArmType, expectArm } from "../common/azapi";
import { AML_ONLINE_DEPLOYMENT } from "../common/aml";
import { oneOf, sameText } from "../../engine/checks";
import { AZAPI_1_TO_2 } from "../common/generations";

export const onlineDeploymentEgress = defineRule({
  id: "FHI-EP-003",
  title: "Managed online deployments have no public egress",
  severity: "warning",
  service: "endpoint",
  resourceTypes: ["azapi_resource"],
  generations: AZAPI_1_TO_2,
  applies: isArmType(AML_ONLINE_DEPLOYMENT),
  rationale: "A model container with internet egress can send request data anywhere; managed deployments should only reach the workspace's private endpoints.",
  remediation: 'Set properties.egressPublicNetworkAccess = "Disabled" (managed deployments).',
  references: { hipaa: ["164.312(e)(1)"] },
  check: (resource) =>
    sameText(bodyValue(resource, "properties.endpointComputeType"), "Kubernetes")
      ? pass("a Kubernetes deployment: egress is governed by the cluster's network")
      : expectArm(resource, { path: "properties.egressPublicNetworkAccess", ok: oneOf("Disabled"), want: '"Disabled"', whenAbsent: false }),
});
