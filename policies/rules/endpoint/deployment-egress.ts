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
  rationale:
    "A model container with internet egress can send request data anywhere. With a workspace managed virtual network (FHI-AML-003 requires one that allows only approved outbound) the network decides what a deployment reaches, and Learn says of egressPublicNetworkAccess that it \"no longer applies. Avoid setting this flag\" (concept-secure-online-endpoint); left out, or Disabled for the legacy isolation method, passes; Enabled fails.",
  remediation: 'Leave properties.egressPublicNetworkAccess out and give the workspace a managed network with isolation_mode = "AllowOnlyApprovedOutbound"; never set it to "Enabled".',
  references: { hipaa: ["164.312(e)(1)"] },
  check: (resource) =>
    sameText(bodyValue(resource, "properties.endpointComputeType"), "Kubernetes")
      ? pass("a Kubernetes deployment: egress is governed by the cluster's network")
      : expectArm(resource, { path: "properties.egressPublicNetworkAccess", ok: oneOf("Disabled"), want: 'left out, or "Disabled"', whenAbsent: true }),
});
