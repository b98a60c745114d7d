import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const aksPrivateCluster = defineRule({
  id: "FHI-AKS-001",
  title: "AKS API server is private",
  severity: "error",
  service: "aks",
  resourceTypes: ["azurerm_kubernetes_cluster"],
  generations: AZURERM_2_TO_4,
  rationale: "A public Kubernetes API endpoint exposes the control plane of clusters that process PHI to the internet; a private cluster is reachable only from the virtual network.",
  remediation: "Set private_cluster_enabled = true (early 2.x: private_link_enabled) with a private DNS zone, and reach the API through the hub or a jump host.",
  references: { checkov: ["CKV_AZURE_115"], trivy: ["AVD-AZU-0065"], azurePolicy: ["040732e8-d947-40b8-95d6-854c95024bf8"], hipaa: ["164.312(a)(1)", "164.312(e)(1)"] },
  check: (resource) => expectBoolean(resource, ["private_cluster_enabled", "private_link_enabled"], true, false),
});
