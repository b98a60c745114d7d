import type { Construct } from "constructs";
import { AzurermBackend, TerraformStack } from "cdktf";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { AzapiProvider } from "../constructs/azapi/provider";
import type { CloudConfig, Environment } from "../environments/schema/config";
import { requiredTags, TagAspect } from "./tagging";
import { Aspects } from "cdktf";

/** The provider's names for the clouds a health organisation may run in. */
export const PROVIDER_ENVIRONMENT: Record<Exclude<CloudConfig, object>, string> = {
  AzureCloud: "public",
  AzureUSGovernment: "usgovernment",
  AzureChinaCloud: "china",
};

export interface EnvironmentStackProps {
  readonly env: Environment;
  /** Part of the stack's name and of its state key, e.g. `eastus2-network`. */
  readonly part: string;
}

/**
 * A stack of one environment: remote state in the environment's state account with Entra ID auth only,
 * the azurerm provider pointed at the environment's subscription, and the required tags on every
 * taggable resource it contains.
 */
export class EnvironmentStack extends TerraformStack {
  readonly env: Environment;

  constructor(scope: Construct, props: EnvironmentStackProps) {
    const id = `${props.env.name}-${props.part}`;
    super(scope, id);
    this.env = props.env;
    const backend = props.env.stateBackend;
    new AzurermBackend(this, {
      subscriptionId: backend.subscriptionId ?? props.env.subscriptionId,
      tenantId: props.env.tenantId,
      resourceGroupName: backend.resourceGroupName,
      storageAccountName: backend.storageAccountName,
      containerName: backend.containerName,
      key: `${id}.tfstate`,
      useAzureadAuth: true,
      useOidc: backend.useOidc,
    });
    configureProvider(this, props.env);
    Aspects.of(this).add(new TagAspect(requiredTags(props.env)));
  }
}

export function configureProvider(scope: Construct, env: Environment): AzurermProvider {
  return new AzurermProvider(scope, "azurerm", {
    features: [{}],
    subscriptionId: env.subscriptionId,
    tenantId: env.tenantId,
    // Storage data-plane calls use Entra ID; shared keys are disabled on every account we create.
    storageUseAzuread: true,
    ...(typeof env.cloud === "string" ? { environment: PROVIDER_ENVIRONMENT[env.cloud] } : { metadataHost: new URL(env.cloud.resourceManagerUrl).host }),
  });
}

/** The azapi provider, for a stack with ARM resources azurerm does not cover, pointed where azurerm points. */
export function configureAzapiProvider(scope: Construct, env: Environment): AzapiProvider {
  return new AzapiProvider(scope, "azapi", {
    subscriptionId: env.subscriptionId,
    tenantId: env.tenantId,
    ...(typeof env.cloud === "string"
      ? { environment: PROVIDER_ENVIRONMENT[env.cloud] }
      : {
          endpoint: {
            resourceManagerEndpoint: env.cloud.resourceManagerUrl,
            activeDirectoryAuthorityHost: env.cloud.authorityHost,
            resourceManagerAudience: env.cloud.resourceManagerAudience,
          },
        }),
  });
}
