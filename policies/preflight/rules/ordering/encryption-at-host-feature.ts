import { fail, pass, unknown } from "../../../engine/rule";
import type { Resource } from "../../../model/resource";
import { valueAt } from "../../../model/value";
import type { DeploymentModel } from "../../deployment";
import { definePreflightRule } from "../../rule";

const FEATURE = "providers/microsoft.features/providers/microsoft.compute/features/encryptionathost";

function usesEncryptionAtHost(resource: Resource): boolean {
  const paths = resource.type === "azurerm_kubernetes_cluster" ? ["default_node_pool.host_encryption_enabled", "default_node_pool.enable_host_encryption"] : ["host_encryption_enabled", "enable_host_encryption", "encryption_at_host_enabled"];
  return paths.some((path) => valueAt(resource.values, path) === true);
}

const isFeatureCall = (resource: Resource) => String(resource.values.resource_id ?? "").toLowerCase().endsWith(FEATURE);

/** Data sources (mode "data") of the feature's state in the resource's stack, that it depends on. */
function guardedBy(model: DeploymentModel, resource: Resource): boolean {
  const closure = model.dependencyClosure(resource);
  return model
    .ofType("azapi_resource")
    .filter((candidate) => candidate.mode === "data" && candidate.source.stack === resource.source.stack && isFeatureCall(candidate))
    .some((guard) => closure.has(guard.address));
}

export const encryptionAtHostRegistered = definePreflightRule({
  id: "FHI-PF-ORDER-003",
  title: "Encryption at host is used only after its feature is registered, and checked before creation",
  severity: "error",
  service: "ordering",
  resourceTypes: ["azurerm_kubernetes_cluster", "azurerm_kubernetes_cluster_node_pool", "azurerm_linux_virtual_machine", "azurerm_windows_virtual_machine", "azurerm_linux_virtual_machine_scale_set", "azurerm_windows_virtual_machine_scale_set"],
  applies: usesEncryptionAtHost,
  rationale:
    "Host-based encryption needs the subscription feature Microsoft.Compute/EncryptionAtHost. Its registration completes minutes after it is requested; a cluster or node pool that asks for host encryption before that fails only when it is created, after the cluster has provisioned for a long time.",
  remediation:
    "Register the feature in an earlier stack (the bootstrap's FeatureRegistration) and check it in this one before creating anything (RegisteredFeatureGuard: a data source with a postcondition), with the resource depending on the check.",
  sources: ["https://learn.microsoft.com/azure/aks/enable-host-encryption (Prerequisites)", "https://learn.microsoft.com/azure/virtual-machines/disks-enable-host-based-encryption-cli"],
  check: (resource, model) => {
    const registrations = model.ofType("azapi_resource_action").filter((action) => isFeatureCall(action) && String(action.values.action) === "register");
    if (model.stacks.length === 0) return unknown("needs Microsoft.Compute/EncryptionAtHost registered; the input has no stacks to tell the order");
    const registeredEarlier = registrations.some((registration) => model.appliedBefore(registration, resource));
    const guarded = guardedBy(model, resource);
    if (registeredEarlier && guarded) return pass("the feature is registered by an earlier stack and checked before creation");
    const missing = [registeredEarlier ? undefined : "no earlier stack registers Microsoft.Compute/EncryptionAtHost", guarded ? undefined : "nothing in its stack checks the feature's state before it is created"].filter(Boolean);
    return fail(`host encryption is on, and ${missing.join("; ")}`);
  },
});
