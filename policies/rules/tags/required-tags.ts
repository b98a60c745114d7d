import { defineRule, fail, pass, unknown } from "../../engine/rule";
import type { Resource } from "../../model/resource";
import { containsUnknown, isUnknown, isValueObject, valueAt } from "../../model/value";
import { armType } from "../common/azapi";
import { AML_COMPUTE, AML_ONLINE_DEPLOYMENT, AML_ONLINE_ENDPOINT, AML_WORKSPACE } from "../common/aml";
import { AZAPI_1_TO_2, AZURERM_2_TO_4 } from "../common/generations";

export const REQUIRED_TAGS = ["owner", "cost-center", "data-classification", "environment"];

/** azurerm resource types with a `tags` argument that our estate and the rules of this pack use. */
export const TAGGABLE_TYPES = [
  "azurerm_resource_group",
  "azurerm_virtual_network",
  "azurerm_network_security_group",
  "azurerm_private_endpoint",
  "azurerm_private_dns_zone",
  "azurerm_private_dns_zone_virtual_network_link",
  "azurerm_route_table",
  "azurerm_public_ip",
  "azurerm_network_interface",
  "azurerm_key_vault",
  "azurerm_key_vault_key",
  "azurerm_key_vault_secret",
  "azurerm_container_registry",
  "azurerm_storage_account",
  "azurerm_user_assigned_identity",
  "azurerm_log_analytics_workspace",
  "azurerm_application_insights",
  "azurerm_monitor_action_group",
  "azurerm_monitor_autoscale_setting",
  "azurerm_kubernetes_cluster",
  "azurerm_kubernetes_cluster_node_pool",
  "azurerm_machine_learning_workspace",
  "azurerm_machine_learning_compute_cluster",
  "azurerm_machine_learning_compute_instance",
  "azurerm_machine_learning_inference_cluster",
  "azurerm_linux_virtual_machine",
  "azurerm_api_management",
  "azurerm_cdn_frontdoor_profile",
  "azurerm_cdn_frontdoor_firewall_policy",
];

/** Tracked ARM types (location and tags) that we declare through azapi; their child types take no tags. */
const TAGGABLE_ARM_TYPES = [AML_WORKSPACE, AML_COMPUTE, AML_ONLINE_ENDPOINT, AML_ONLINE_DEPLOYMENT].map((type) => type.toLowerCase());

/** Whether a resource of one of the rule's types takes tags: every azurerm type listed, azapi only when tracked. */
export function isTaggable(resource: Resource): boolean {
  return resource.type !== "azapi_resource" || TAGGABLE_ARM_TYPES.includes(armType(resource) ?? "");
}

export const requiredTags = defineRule({
  id: "FHI-TAG-001",
  title: "Resources carry the required ownership and classification tags",
  severity: "warning",
  service: "tags",
  resourceTypes: [...TAGGABLE_TYPES, "azapi_resource"],
  generations: [...AZURERM_2_TO_4, ...AZAPI_1_TO_2],
  applies: isTaggable,
  rationale: "An inventory of systems holding PHI (and who owns them) is the basis of risk analysis; tags are how Azure keeps it.",
  remediation: `Tag the resource with ${REQUIRED_TAGS.join(", ")} (our stacks do this with TagAspect).`,
  references: { azurePolicy: ["871b6d14-10aa-478d-b590-94f262ecfa99"], hipaa: ["164.308(a)(1)(ii)(A)", "164.310(d)(2)(iii)"] },
  check: (resource) => {
    const tags = valueAt(resource.values, "tags");
    if (isUnknown(tags)) return unknown("tags come from an expression");
    const present = isValueObject(tags) ? tags : {};
    const missing = REQUIRED_TAGS.filter((tag) => !(tag in present) || present[tag] === "" || present[tag] === null);
    if (missing.length > 0) return fail(`missing tag(s) ${missing.join(", ")}`);
    return REQUIRED_TAGS.some((tag) => containsUnknown(present[tag])) ? unknown("some required tags are expressions") : pass("all required tags present");
  },
});
