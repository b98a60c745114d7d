import type { Environment } from "../environments/schema/config";
import type { SubscriptionFeature } from "../constructs/subscription/feature-registration";

/**
 * Resource providers the estate uses that azurerm's default set ("legacy", internal/resourceproviders/required.go)
 * does not register. Every stack's provider lists them in `resource_providers_to_register`, and azurerm registers
 * them when it starts and waits until they are (internal/resourceproviders/registration.go, EnsureRegistered).
 */
export function resourceProvidersToRegister(env: Environment): string[] {
  const providers = new Set<string>();
  // AKS cluster extensions (the GitOps extension) need it (learn.microsoft.com/azure/aks/cluster-extensions, "Prerequisites").
  if (env.regions.some((region) => region.aks)) providers.add("Microsoft.KubernetesConfiguration");
  providers.add(env.deployer.runners.kind === "self-hosted" ? "Microsoft.App" : "GitHub.Network");
  return [...providers].sort();
}

/** Encryption at host on AKS nodes needs this feature (learn.microsoft.com/azure/aks/enable-host-encryption, "Prerequisites"). */
export const ENCRYPTION_AT_HOST: SubscriptionFeature = { namespace: "Microsoft.Compute", name: "EncryptionAtHost" };

/** Preview features the estate needs on its subscription: asked for by the bootstrap, checked by the stacks that use them. */
export function requiredFeatures(env: Environment): SubscriptionFeature[] {
  return env.regions.some((region) => region.aks) ? [ENCRYPTION_AT_HOST] : [];
}
