import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const aksHttpApplicationRouting = defineRule({
  id: "FHI-AKS-015",
  title: "AKS HTTP application routing is off",
  severity: "error",
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  generations: AZURERM_2_TO_4,
  rationale: "The HTTP application routing add-on publishes services on public DNS names over plain HTTP; it is meant for development only.",
  remediation: "Remove http_application_routing_enabled or set it to false (2.x: addon_profile { http_application_routing { enabled = false } }); use an internal ingress controller.",
  references: { checkov: ["CKV_AZURE_246"], hipaa: ["164.312(e)(1)", "164.312(e)(2)(ii)"] },
  check: (resource) => expectBoolean(resource, ["http_application_routing_enabled", "addon_profile.http_application_routing.enabled"], false, false),
});
