import { CHILD_OF_TYPE, CHILDREN_OF_PARENT_TYPE, type ChildResource } from "./children";
import type { ConfiguringResource, Resource } from "./resource";
import { isAbsent, type Value, type ValueObject } from "./value";

/** A resource pointing at another one, and where it does so. */
export interface Referrer {
  readonly resource: Resource;
  readonly path: string;
}

/** A plan's pure deletes are gone after the change: they configure nothing. */
function remains(resource: Resource): boolean {
  return !(resource.actions?.includes("delete") && !resource.actions.includes("create"));
}

/**
 * All resources of one or more inputs, with relationships resolved by address in both directions, so
 * that rules can ask "which private endpoints point at this vault?" as easily as "what does this
 * diagnostic setting target?".
 */
export class ResourceModel {
  private indexes?: Indexes;
  private readonly effectiveViews = new Map<string, Resource>();

  constructor(readonly resources: readonly Resource[]) {}

  /** Built on the first question: a model that is only iterated (a plan read for its changes) needs none. */
  private get index(): Indexes {
    return (this.indexes ??= indexesOf(this.resources));
  }

  get(key: string): Resource | undefined {
    return this.index.byKey.get(key);
  }

  ofType(...types: string[]): Resource[] {
    return types.flatMap((type) => this.index.byType.get(type) ?? []);
  }

  /** Resources that `resource` refers to, optionally only from attributes at `path`. */
  referencedBy(resource: Resource, path?: string): Resource[] {
    return resource.references
      .filter((reference) => path === undefined || reference.path === path)
      .map((reference) => this.index.byKey.get(reference.target))
      .filter((target): target is Resource => target !== undefined);
  }

  /** Resources that refer to `resource`, optionally only of the given types and at the given attribute path. */
  referrers(resource: Resource, filter: { readonly types?: readonly string[]; readonly path?: string } = {}): Referrer[] {
    return (this.index.incoming.get(resource.key) ?? []).filter(
      (referrer) =>
        (filter.types === undefined || filter.types.includes(referrer.resource.type)) &&
        (filter.path === undefined || referrer.path === filter.path),
    );
  }

  /** For a resource that configures part of another (see children.ts): that parent, when it is in the model. */
  parentOf(child: Resource): Resource | undefined {
    const relation = CHILD_OF_TYPE.get(child.type);
    if (!relation) return undefined;
    return child.references
      .filter((reference) => relation.parentPaths.includes(reference.path))
      .map((reference) => this.index.byKey.get(reference.target))
      .find((target) => target !== undefined && target.type === relation.parentType && target.mode === "managed");
  }

  /**
   * The resource as Azure will hold it: a parent with the settings of its separate child resources merged into
   * its own blocks (an NSG with its `azurerm_network_security_rule`s, a storage account with its
   * `azurerm_storage_account_network_rules`), and a child whose parent is not in the input as a parent holding
   * just that child's block, so that the same rule judges both. Other resources are returned as they are.
   */
  effective(resource: Resource): Resource {
    if (!CHILD_OF_TYPE.has(resource.type) && !CHILDREN_OF_PARENT_TYPE.has(resource.type)) return resource;
    const cached = this.effectiveViews.get(resource.key);
    if (cached) return cached;
    const view = this.viewOf(resource);
    this.effectiveViews.set(resource.key, view);
    return view;
  }

  private viewOf(resource: Resource): Resource {
    const asChild = CHILD_OF_TYPE.get(resource.type);
    if (asChild) return this.parentOf(resource) ? resource : { ...resource, values: { [asChild.block]: asChild.merge === "append" ? [resource.values] : resource.values } };
    const relations = CHILDREN_OF_PARENT_TYPE.get(resource.type);
    if (!relations) return resource;
    let values: ValueObject = resource.values;
    const configuredBy: ConfiguringResource[] = [];
    for (const relation of relations) {
      const children = this.childrenOf(resource, relation);
      if (children.length === 0) continue;
      values = { ...values, [relation.block]: mergedBlock(values[relation.block], relation, children) };
      configuredBy.push(...children.map((child) => ({ address: child.address, block: relation.block, values: child.values })));
    }
    return configuredBy.length === 0 ? resource : { ...resource, values, configuredBy };
  }

  private childrenOf(parent: Resource, relation: ChildResource): Resource[] {
    const seen = new Set<string>();
    return this.referrers(parent, { types: [relation.type] })
      .filter((referrer) => relation.parentPaths.includes(referrer.path) && remains(referrer.resource))
      .map((referrer) => referrer.resource)
      .filter((child) => !seen.has(child.key) && seen.add(child.key) !== undefined);
  }
}

interface Indexes {
  readonly byKey: Map<string, Resource>;
  readonly byType: Map<string, Resource[]>;
  /** Target key -> the resources referring to it. */
  readonly incoming: Map<string, Referrer[]>;
}

function indexesOf(resources: readonly Resource[]): Indexes {
  const byKey = new Map<string, Resource>();
  const byType = new Map<string, Resource[]>();
  const incoming = new Map<string, Referrer[]>();
  for (const resource of resources) {
    byKey.set(resource.key, resource);
    const sameType = byType.get(resource.type);
    if (sameType) sameType.push(resource);
    else byType.set(resource.type, [resource]);
  }
  for (const resource of resources) {
    for (const reference of resource.references) {
      const list = incoming.get(reference.target);
      if (list) list.push({ resource, path: reference.path });
      else incoming.set(reference.target, [{ resource, path: reference.path }]);
    }
  }
  return { byKey, byType, incoming };
}

/** The parent's block with its children's settings: appended to the list, or in place of the single block. */
function mergedBlock(own: Value | undefined, relation: ChildResource, children: readonly Resource[]): Value {
  const settings = children.map((child) => child.values);
  if (relation.merge === "replace") return settings.length === 1 ? settings[0] : settings;
  // Inline blocks built by an expression stay unknown; the separate ones can still be judged.
  const inline: readonly Value[] = isAbsent(own) ? [] : Array.isArray(own) ? own : [own];
  return [...inline, ...settings];
}
