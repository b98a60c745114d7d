import type { IConstruct } from "constructs";
import { TerraformResource, type IAspect } from "cdktf";
import type { Environment } from "../environments/schema/config";

export const MANAGED_BY = "cdktf:frontier-health-infra";

/** The tags every taggable resource of an environment carries. */
export function requiredTags(env: Environment): Record<string, string> {
  return {
    ...env.tags.extra,
    owner: env.tags.owner,
    "cost-center": env.tags.costCenter,
    "data-classification": env.tags.dataClassification,
    environment: env.name,
    "managed-by": MANAGED_BY,
  };
}

/** True for resource types whose azurerm schema has a `tags` argument. */
export function isTaggable(node: IConstruct): node is TerraformResource & { tags: Record<string, string>; tagsInput?: Record<string, string> } {
  return node instanceof TerraformResource && "tagsInput" in node;
}

/**
 * Puts the environment's tags on every taggable resource so no construct can forget them; tags a construct
 * sets itself are kept, the required ones cannot be overridden.
 */
export class TagAspect implements IAspect {
  constructor(private readonly tags: Record<string, string>) {}

  visit(node: IConstruct): void {
    if (isTaggable(node)) node.tags = { ...(node.tagsInput ?? {}), ...this.tags };
  }
}
