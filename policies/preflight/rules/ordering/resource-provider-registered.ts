import { fail, pass, unknown } from "../../../engine/rule";
import type { Resource } from "../../../model/resource";
import { isAbsent, valueAt } from "../../../model/value";
import { definePreflightRule } from "../../rule";
import { armType } from "../common";

/**
 * Of the namespaces this rule asks about, the ones azurerm's registration sets include (internal/resourceproviders/
 * required.go, azurerm v4.55.0): only "all" includes Github.Network; no set includes Microsoft.App or
 * Microsoft.KubernetesConfiguration. The default set is "legacy".
 */
const REGISTERED_BY_SET: Readonly<Record<string, readonly string[]>> = { all: ["github.network"] };

/** Resource types of those namespaces. */
const NAMESPACE_OF_TYPE: Readonly<Record<string, string>> = {
  azurerm_container_app_environment: "Microsoft.App",
  azurerm_container_app_job: "Microsoft.App",
  azurerm_container_app: "Microsoft.App",
  azurerm_kubernetes_cluster_extension: "Microsoft.KubernetesConfiguration",
  azurerm_kubernetes_flux_configuration: "Microsoft.KubernetesConfiguration",
};
const AZAPI_NAMESPACES = ["microsoft.app", "github.network", "microsoft.kubernetesconfiguration"];

function namespaceOf(resource: Resource): string | undefined {
  if (resource.type === "azapi_resource") {
    const namespace = armType(resource)?.split("/")[0];
    return namespace && AZAPI_NAMESPACES.includes(namespace) ? namespace : undefined;
  }
  return NAMESPACE_OF_TYPE[resource.type];
}

export const resourceProviderRegistered = definePreflightRule({
  id: "FHI-PF-ORDER-002",
  title: "The resource providers a stack uses are registered before its first resource",
  severity: "error",
  service: "ordering",
  resourceTypes: [...Object.keys(NAMESPACE_OF_TYPE), "azapi_resource"],
  applies: (resource) => namespaceOf(resource) !== undefined,
  rationale:
    "A subscription refuses resources of a namespace it has not registered (MissingSubscriptionRegistration). azurerm registers its default set when it starts and waits until they are registered, but Microsoft.App, Microsoft.KubernetesConfiguration and GitHub.Network are not in the default set; nothing else registers them.",
  remediation: "List the namespace in the stack's azurerm provider `resource_providers_to_register` (stacks/registrations.ts).",
  sources: [
    "internal/resourceproviders/required.go and registration.go (azurerm v4.55.0: default sets; EnsureRegistered polls until registered)",
    "https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-register-resource-provider",
    "https://learn.microsoft.com/azure/aks/cluster-extensions (Prerequisites: Microsoft.KubernetesConfiguration)",
  ],
  check: (resource, model) => {
    const namespace = namespaceOf(resource)!;
    const stack = model.stack(resource.source.stack);
    if (!stack) return unknown(`needs ${namespace} registered; the provider configuration is not in the input`);
    const provider = stack.providers.azurerm ?? {};
    const listed = valueAt(provider, "resource_providers_to_register");
    if (Array.isArray(listed) && listed.some((entry) => String(entry).toLowerCase() === namespace.toLowerCase())) return pass(`${namespace} is registered by the stack's provider`);
    const set = valueAt(provider, "resource_provider_registrations");
    const setName = isAbsent(set) ? "legacy" : String(set).toLowerCase();
    if ((REGISTERED_BY_SET[setName] ?? []).includes(namespace.toLowerCase())) return pass(`${namespace} is in azurerm's "${setName}" registration set`);
    return fail(`${namespace} is not registered: stack ${stack.name}'s azurerm provider neither lists it in resource_providers_to_register nor includes it in its "${setName}" set`);
  },
});
