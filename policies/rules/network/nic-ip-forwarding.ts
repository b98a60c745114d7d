import { expectBoolean } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const nicIpForwarding = defineRule({
  id: "FHI-NET-003",
  title: "Network interfaces do not forward IP traffic",
  severity: "warning",
  service: "network",
  resourceTypes: ["azurerm_network_interface"],
  generations: AZURERM_2_TO_4,
  rationale: "IP forwarding turns a VM into a router that can move traffic around NSGs and the firewall.",
  remediation: "Set ip_forwarding_enabled = false (3.x: enable_ip_forwarding) unless the VM is a network appliance.",
  references: { checkov: ["CKV_AZURE_118"], trivy: ["AVD-AZU-0075"], hipaa: ["164.312(e)(1)"] },
  check: (resource) => expectBoolean(resource, ["ip_forwarding_enabled", "enable_ip_forwarding"], false, false),
});
