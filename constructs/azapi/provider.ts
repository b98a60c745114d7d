import type { Construct } from "constructs";
import { TerraformProvider } from "cdktf";

/** Registry source of the provider; the binding below speaks its 2.x schema (body as an HCL object, not a JSON string). */
export const AZAPI_PROVIDER_SOURCE = "Azure/azapi";
/** Any 2.x from 2.5 on: 2.x keeps `body` dynamic so `lifecycle.ignore_changes` can name paths inside it; 3.x may not. */
export const AZAPI_VERSION_CONSTRAINT = "~> 2.5";

export const AZAPI_GENERATOR_METADATA = { providerName: "azapi", providerVersionConstraint: AZAPI_VERSION_CONSTRAINT } as const;

export interface AzapiProviderConfig {
  readonly subscriptionId: string;
  readonly tenantId: string;
  /** `public`, `usgovernment` or `china`, as the provider names the clouds. @default "public" */
  readonly environment?: string;
  /** A cloud the provider does not know by name (a sovereign or private cloud); replaces `environment`. */
  readonly endpoint?: { readonly resourceManagerEndpoint: string; readonly activeDirectoryAuthorityHost: string; readonly resourceManagerAudience?: string };
  readonly alias?: string;
}

/** The `azapi` provider for ARM resources azurerm does not cover (Azure ML online endpoints and friends). */
export class AzapiProvider extends TerraformProvider {
  private readonly config: AzapiProviderConfig;

  constructor(scope: Construct, id: string, config: AzapiProviderConfig) {
    super(scope, id, {
      terraformResourceType: "azapi",
      terraformGeneratorMetadata: AZAPI_GENERATOR_METADATA,
      terraformProviderSource: AZAPI_PROVIDER_SOURCE,
    });
    this.config = config;
    this.alias = config.alias;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return {
      subscription_id: this.config.subscriptionId,
      tenant_id: this.config.tenantId,
      environment: this.config.environment,
      endpoint: this.config.endpoint
        ? [
            {
              resource_manager_endpoint: this.config.endpoint.resourceManagerEndpoint,
              active_directory_authority_host: this.config.endpoint.activeDirectoryAuthorityHost,
              resource_manager_audience: this.config.endpoint.resourceManagerAudience,
            },
          ]
        : undefined,
    };
  }
}
