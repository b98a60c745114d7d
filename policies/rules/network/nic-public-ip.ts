import { defineRule, fail, pass, unknown } from "../../engine/rule";
import { blocksAt, isAbsent, isUnknown, isValueObject } from "../../model/value";
import { AZURERM_2_TO_4 } from "../common/generations";

export const nicPublicIp = defineRule({
  id: "FHI-NET-004",
  title: "Network interfaces have no public IP",
  severity: "error",
  service: "network",
  resourceTypes: ["azurerm_network_interface"],
  generations: AZURERM_2_TO_4,
  rationale: "A public IP exposes the VM directly to the internet, bypassing the hub firewall and edge.",
  remediation: "Remove public_ip_address_id from ip_configuration; reach the VM through Bastion or a private load balancer.",
  references: { checkov: ["CKV_AZURE_119"], trivy: ["AVD-AZU-0076"], azurePolicy: ["83a86a26-fd1f-447c-b59d-e51f44264114"], hipaa: ["164.312(e)(1)"] },
  check: (resource) => {
    const configurations = blocksAt(resource.values, "ip_configuration");
    if (isUnknown(configurations)) return unknown("ip_configuration comes from an expression");
    const public_ = configurations.filter((configuration) => isValueObject(configuration) && !isAbsent(configuration.public_ip_address_id));
    return public_.length > 0 ? fail("an ip_configuration has public_ip_address_id") : pass("no public IP");
  },
});
