import { defineRule, pass } from "../../engine/rule";
import { bodyValue, isArmType } from "../common/azapi";
import { AML_ONLINE_DEPLOYMENT, expectArm } from "../common/aml";

export const onlineDeploymentEgress = defineRule({
  id: "FHI-EP-003",
  title: "Managed online deployments have no public egress",
  severity: "warning",
  service: "endpoint",
  resourceTypes: ["azapi_resource"],
  applies: isArmType(AML_ONLINE_DEPLOYMENT),
  rationale: "A model container with internet egress can send request data anywhere; managed deployments should only reach the workspace's private endpoints.",
  remediation: 'Set properties.egressPublicNetworkAccess = "Disabled" (managed deployments).',
  references: { hipaa: ["164.312(e)(1)"] },
  check: (resource) =>
    bodyValue(resource, "properties.endpointComputeType") === "Kubernetes"
      ? pass("a Kubernetes deployment: egress is governed by the cluster's network")
      : expectArm(resource, { path: "properties.egressPublicNetworkAccess", ok: (value) => value === "Disabled", want: '"Disabled"', whenAbsent: false }),
});
