import { firstSet, show } from "../../engine/checks";
import { defineRule, fail, pass, unknown } from "../../engine/rule";
import { isAbsent, isUnknown } from "../../model/value";
import { AZURERM_2_TO_4 } from "../common/generations";
import { isAnywhere } from "../common/nsg";

export const aksApiServerRestricted = defineRule({
  id: "FHI-AKS-007",
  title: "AKS API server is private or limited to authorized IP ranges",
  severity: "error",
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  generations: AZURERM_2_TO_4,
  rationale: "An API server open to any address invites credential stuffing and exploitation of control-plane vulnerabilities. A range list that contains an any-address range (0.0.0.0/0) limits nothing.",
  remediation:
    "Make the cluster private (private_cluster_enabled = true) or set api_server_access_profile.authorized_ip_ranges (before 3.39: api_server_authorized_ip_ranges) to the hospital's egress ranges.",
  references: { checkov: ["CKV_AZURE_6"], trivy: ["AVD-AZU-0041"], azurePolicy: ["0e246bcf-5f6f-4f87-bc6f-775d4712c7ea"], hipaa: ["164.312(e)(1)", "164.312(a)(1)"] },
  check: (resource) => {
    const privateCluster = firstSet(resource, ["private_cluster_enabled", "private_link_enabled"]).value;
    if (privateCluster === true) return pass("the cluster is private");
    const { path, value: ranges } = firstSet(resource, ["api_server_access_profile.authorized_ip_ranges", "api_server_authorized_ip_ranges"]);
    if (isUnknown(privateCluster) || isUnknown(ranges)) return unknown(`private_cluster_enabled is ${show(privateCluster)} and ${path} is ${show(ranges)}`);
    const list = isAbsent(ranges) ? [] : Array.isArray(ranges) ? ranges : [ranges];
    if (list.length === 0) return fail(`the cluster is public and ${path} is empty`);
    if (list.some(isUnknown)) return unknown(`${path} contains expressions`);
    const open = list.filter((range) => typeof range === "string" && isAnywhere(range));
    return open.length > 0 ? fail(`${path} include ${open.join(", ")}, which admits any address`) : pass(`${path} limited to ${list.length} range(s)`);
  },
});

