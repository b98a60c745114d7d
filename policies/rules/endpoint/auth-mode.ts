import { defineRule, fail, pass, unknown } from "../../engine/rule";
import { isAbsent, isUnknown } from "../../model/value";
import { sameText, show } from "../../engine/checks";
import { bodyValue, isArmType } from "../common/azapi";
import { AML_ONLINE_ENDPOINT } from "../common/aml";
import { AZAPI_1_TO_2 } from "../common/generations";

export const onlineEndpointAuthMode = defineRule({
  id: "FHI-EP-002",
  title: "Online endpoints authenticate callers with tokens, never keys (Entra ID tokens on managed compute)",
  severity: "error",
  service: "endpoint",
  resourceTypes: ["azapi_resource"],
  generations: AZAPI_1_TO_2,
  applies: isArmType(AML_ONLINE_ENDPOINT),
  rationale:
    "Endpoint keys are shared, long-lived bearer secrets; Entra ID tokens identify each caller and expire. Azure ML accepts Entra ID tokens on managed endpoints only: an endpoint bound to a Kubernetes compute may use Azure ML tokens, which also expire.",
  remediation: 'Set properties.authMode = "AADToken" (managed compute) or "AMLToken" (an endpoint with properties.compute, i.e. Kubernetes).',
  references: { hipaa: ["164.312(d)", "164.312(a)(2)(i)"] },
  check: (resource) => {
    const mode = bodyValue(resource, "properties.authMode");
    if (isUnknown(mode)) return unknown(`body.properties.authMode is ${show(mode)}`);
    if (sameText(mode, "AADToken")) return pass("body.properties.authMode is \"AADToken\"");
    // The compute's ID is usually a reference to the compute resource: its presence, not its value, decides.
    const onKubernetes = !isAbsent(bodyValue(resource, "properties.compute"));
    if (sameText(mode, "AMLToken") && onKubernetes) return pass("body.properties.authMode is \"AMLToken\" on a Kubernetes endpoint, where Entra ID tokens are not offered");
    if (isAbsent(mode)) return fail('body.properties.authMode is not set; it must be "AADToken"');
    return fail(`body.properties.authMode is ${show(mode)}; it must be "AADToken"${onKubernetes ? ' or, on Kubernetes, "AMLToken"' : ""}`);
  },
});
