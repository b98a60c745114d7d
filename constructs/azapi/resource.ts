import type { Construct } from "constructs";
import { Token, TerraformDataSource, TerraformResource, type TerraformMetaArguments } from "cdktf";
import { AZAPI_GENERATOR_METADATA } from "./provider";

/** `identity { type, identity_ids }` of azapi_resource. */
export interface AzapiIdentity {
  readonly type: "SystemAssigned" | "UserAssigned" | "SystemAssigned, UserAssigned";
  readonly identityIds?: string[];
}

/**
 * The arguments of `azapi_resource` we use. `TBody` is the ARM request body minus what azapi takes as its own
 * arguments (name, location, identity, tags): see `machine-learning.ts` for the bodies typed from the SDK.
 */
export interface AzapiResourceConfig<TBody extends object> extends TerraformMetaArguments {
  /** `<resource provider>/<type>@<api version>`, e.g. `Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2022-10-01`. */
  readonly type: string;
  readonly name: string;
  /** ARM ID of the parent: a resource group for top-level types, the parent resource for child types. */
  readonly parentId: string;
  /** Only for tracked resources; child resources without a location must leave it out. */
  readonly location?: string;
  readonly identity?: AzapiIdentity;
  readonly body: TBody;
  /**
   * Write-only part of the body (azapi `sensitive_body`), merge-patched into `body` for the request and never stored
   * in Terraform state: for credentials the API takes but never returns.
   */
  readonly sensitiveBody?: object;
  /** Paths of the response to expose in `output`, e.g. `properties.scoringUri`. */
  readonly responseExportValues?: string[];
  /** Validate the body against the provider's embedded ARM schema at plan time. @default true */
  readonly schemaValidationEnabled?: boolean;
}

/** One ARM resource managed through `azapi_resource`. */
export class AzapiResource<TBody extends object = object> extends TerraformResource {
  static readonly TF_TYPE = "azapi_resource";

  readonly config: AzapiResourceConfig<TBody>;

  constructor(scope: Construct, id: string, config: AzapiResourceConfig<TBody>) {
    super(scope, id, {
      terraformResourceType: AzapiResource.TF_TYPE,
      terraformGeneratorMetadata: AZAPI_GENERATOR_METADATA,
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      forEach: config.forEach,
    });
    this.config = config;
  }

  /** The resource's ARM ID. */
  get id(): string {
    return this.getStringAttribute("id");
  }

  /** A value from the response that `responseExportValues` asked for, e.g. `properties.scoringUri`. */
  outputString(path: string): string {
    if (!this.config.responseExportValues?.includes(path)) {
      throw new Error(`${this.node.path}: "${path}" is not in responseExportValues, so Terraform would not read it. Fix: add it there`);
    }
    return Token.asString(this.interpolationForAttribute(`output.${path}`));
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    const { type, name, parentId, location, identity, body, sensitiveBody, responseExportValues, schemaValidationEnabled } = this.config;
    return {
      type,
      name,
      parent_id: parentId,
      location,
      identity: identity ? [{ type: identity.type, identity_ids: identity.identityIds }] : undefined,
      body,
      sensitive_body: sensitiveBody,
      response_export_values: responseExportValues,
      schema_validation_enabled: schemaValidationEnabled,
      ...this.synthesizeTags(),
    };
  }

  protected synthesizeTags(): Record<string, unknown> {
    return {};
  }
}

/**
 * A tracked ARM resource (one with a location and tags). It exposes `tags`/`tagsInput` like the azurerm
 * bindings do, so the environment's tag aspect reaches it too; untracked child types reject `tags`.
 */
export class AzapiTrackedResource<TBody extends object = object> extends AzapiResource<TBody> {
  private tagValues?: Record<string, string>;

  constructor(scope: Construct, id: string, config: AzapiResourceConfig<TBody> & { readonly location: string; readonly tags?: Record<string, string> }) {
    super(scope, id, config);
    this.tagValues = config.tags;
  }

  get tags(): Record<string, string> {
    return this.getStringMapAttribute("tags");
  }
  set tags(value: Record<string, string>) {
    this.tagValues = value;
  }
  get tagsInput(): Record<string, string> | undefined {
    return this.tagValues;
  }

  protected override synthesizeTags(): Record<string, unknown> {
    return { tags: this.tagValues };
  }
}

export interface AzapiUpdateResourceConfig<TBody extends object> extends TerraformMetaArguments {
  readonly type: string;
  /** ARM ID of the existing resource to patch. */
  readonly resourceId: string;
  readonly body: TBody;
}

/**
 * `azapi_update_resource`: sets part of a resource that another resource owns, e.g. an endpoint's traffic split
 * that may only name deployments once they exist. Removing it from config leaves the last value in Azure.
 */
export class AzapiUpdateResource<TBody extends object = object> extends TerraformResource {
  static readonly TF_TYPE = "azapi_update_resource";

  constructor(scope: Construct, id: string, private readonly config: AzapiUpdateResourceConfig<TBody>) {
    super(scope, id, {
      terraformResourceType: AzapiUpdateResource.TF_TYPE,
      terraformGeneratorMetadata: AZAPI_GENERATOR_METADATA,
      provider: config.provider,
      dependsOn: config.dependsOn,
      lifecycle: config.lifecycle,
    });
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { type: this.config.type, resource_id: this.config.resourceId, body: this.config.body };
  }
}

export interface AzapiResourceActionConfig extends TerraformMetaArguments {
  /** `<resource provider>/<type>@<api version>` of the resource the action is on; the version becomes the request's api-version. */
  readonly type: string;
  /** ARM ID of that resource. */
  readonly resourceId: string;
  /** Path appended to the resource ID, e.g. `register` or `providers/Microsoft.App/register`. */
  readonly action: string;
  /** @default "POST" */
  readonly method?: "POST" | "PATCH" | "PUT" | "DELETE" | "GET" | "HEAD";
  readonly body?: object;
}

/**
 * `azapi_resource_action`: one ARM call made when the resource is created (and when its arguments change), never
 * undone on destroy. For operations ARM exposes only as actions, such as registering a resource provider.
 */
export class AzapiResourceAction extends TerraformResource {
  static readonly TF_TYPE = "azapi_resource_action";

  constructor(scope: Construct, id: string, private readonly config: AzapiResourceActionConfig) {
    super(scope, id, {
      terraformResourceType: AzapiResourceAction.TF_TYPE,
      terraformGeneratorMetadata: AZAPI_GENERATOR_METADATA,
      provider: config.provider,
      dependsOn: config.dependsOn,
      lifecycle: config.lifecycle,
    });
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    const { type, resourceId, action, method, body } = this.config;
    return { type, resource_id: resourceId, action, method: method ?? "POST", body };
  }
}

export interface AzapiResourceDataConfig extends TerraformMetaArguments {
  readonly type: string;
  readonly resourceId: string;
  /** Paths of the response to expose in `output`. */
  readonly responseExportValues: string[];
}

/** `data "azapi_resource"`: reads an existing ARM resource at plan time, e.g. to check a precondition. */
export class AzapiResourceData extends TerraformDataSource {
  static readonly TF_TYPE = "azapi_resource";

  constructor(scope: Construct, id: string, private readonly config: AzapiResourceDataConfig) {
    super(scope, id, {
      terraformResourceType: AzapiResourceData.TF_TYPE,
      terraformGeneratorMetadata: AZAPI_GENERATOR_METADATA,
      provider: config.provider,
      dependsOn: config.dependsOn,
      lifecycle: config.lifecycle,
    });
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { type: this.config.type, resource_id: this.config.resourceId, response_export_values: this.config.responseExportValues };
  }
}
