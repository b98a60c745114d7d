import { defineRule } from "../../engine/rule";
import { isArmType } from "../common/azapi";
import { AML_ONLINE_ENDPOINT, expectArm } from "../common/aml";

export const onlineEndpointAuthMode = defineRule({
  id: "FHI-EP-002",
  title: "Online endpoints authenticate callers with Entra ID tokens",
  severity: "error",
  service: "endpoint",
  resourceTypes: ["azapi_resource"],
  applies: isArmType(AML_ONLINE_ENDPOINT),
  rationale: "Endpoint keys are shared, long-lived bearer secrets; Entra ID tokens identify each caller and expire.",
  remediation: 'Set properties.authMode = "AADToken".',
  references: { hipaa: ["164.312(d)", "164.312(a)(2)(i)"] },
  check: (resource) => expectArm(resource, { path: "properties.authMode", ok: (value) => value === "AADToken", want: '"AADToken"', whenAbsent: false }),
});
