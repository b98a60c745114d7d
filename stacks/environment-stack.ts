import type { Construct } from "constructs";
import { AzurermBackend, TerraformStack } from "cdktf";
import { AzurermProvider, type AzurermProviderFeatures } from "@cdktf/provider-azurerm/lib/provider";
import { AzapiProvider } from "../constructs/azapi/provider";
import type { CloudConfig, Environment } from "../environments/schema/config";
import { requiredTags, TagAspect } from "./tagging";
import { resourceProvidersToRegister } from "./registrations";
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

/**
 * With the default `data_plane_available = true`, azurerm 4.55 polls a new storage account's blob, queue and file
 * endpoints after the ARM PUT and reads queue properties and static website on every refresh
 * (internal/services/storage/storage_account_resource.go, resourceStorageAccountCreate/Read); every account we
 * create refuses public network access, so that poll fails with 403 from any runner without a private path to
 * each account. Off, the provider stays on ARM for accounts and containers (`storage_account_id`), and refuses
 * `queue_properties` and `static_website`, which we never set. Data-plane writes we do make (blobs in the
 * deployment artefacts account) still work: they are separate resources on reachable endpoints (fhi preflight).
 */
export const PROVIDER_FEATURES: AzurermProviderFeatures = { storage: [{ dataPlaneAvailable: false }] };

export function configureProvider(scope: Construct, env: Environment): AzurermProvider {
  return new AzurermProvider(scope, "azurerm", {
    features: [PROVIDER_FEATURES],
    subscriptionId: env.subscriptionId,
    tenantId: env.tenantId,
    // Storage data-plane calls use Entra ID; shared keys are disabled on every account we create.
    storageUseAzuread: true,
    resourceProvidersToRegister: resourceProvidersToRegister(env),
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
