import { show } from "../../engine/checks";
import { defineRule, fail, pass, unknown } from "../../engine/rule";
import { isAbsent, isUnknown, valueAt } from "../../model/value";

const OPEN = ["0.0.0.0/0", "*", "0.0.0.0"];

export const aksApiServerRestricted = defineRule({
  id: "FHI-AKS-007",
  title: "AKS API server is private or limited to authorized IP ranges",
  severity: "error",
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  rationale: "An API server open to any address invites credential stuffing and exploitation of control-plane vulnerabilities.",
  remediation: "Make the cluster private (private_cluster_enabled = true) or set api_server_access_profile.authorized_ip_ranges to the hospital's egress ranges.",
  references: { checkov: ["CKV_AZURE_6"], trivy: ["AVD-AZU-0041"], azurePolicy: ["0e246bcf-5f6f-4f87-bc6f-775d4712c7ea"], hipaa: ["164.312(e)(1)", "164.312(a)(1)"] },
  check: (resource) => {
    const privateCluster = valueAt(resource.values, "private_cluster_enabled");
    if (privateCluster === true) return pass("the cluster is private");
    const ranges = valueAt(resource.values, "api_server_access_profile.authorized_ip_ranges") ?? valueAt(resource.values, "api_server_authorized_ip_ranges");
    if (isUnknown(privateCluster) || isUnknown(ranges)) return unknown(`private_cluster_enabled is ${show(privateCluster)} and authorized IP ranges are ${show(ranges)}`);
    if (isAbsent(ranges) || (Array.isArray(ranges) && ranges.length === 0)) return fail("the cluster is public and api_server_access_profile.authorized_ip_ranges is empty");
    const list = Array.isArray(ranges) ? ranges : [ranges];
    const open = list.filter((range) => typeof range === "string" && OPEN.includes(range));
    return open.length > 0 ? fail(`authorized_ip_ranges include ${open.join(", ")}`) : pass(`authorized_ip_ranges limited to ${list.length} range(s)`);
  },
});
