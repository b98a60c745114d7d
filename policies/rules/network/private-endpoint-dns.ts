import { expectPresent } from "../../engine/checks";
import { defineRule } from "../../engine/rule";
import { AZURERM_2_TO_4 } from "../common/generations";

export const privateEndpointDns = defineRule({
  id: "FHI-NET-002",
  title: "Private endpoints register in a private DNS zone",
  severity: "warning",
  service: "network",
  resourceTypes: ["azurerm_private_endpoint"],
  generations: AZURERM_2_TO_4,
  rationale: "Without a private DNS record, clients resolve the service's public name and either fail or go around the private endpoint.",
  remediation: "Add a private_dns_zone_group with the service's privatelink zone.",
  references: { hipaa: ["164.312(e)(1)"] },
  check: (resource) => expectPresent(resource, "private_dns_zone_group.private_dns_zone_ids", "the endpoint's name is not resolvable privately"),
});
