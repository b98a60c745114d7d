import type { Resource } from "./resource";

/** A resource pointing at another one, and where it does so. */
export interface Referrer {
  readonly resource: Resource;
  readonly path: string;
}

/**
 * All resources of one or more inputs, with relationships resolved by address in both directions, so
 * that rules can ask "which private endpoints point at this vault?" as easily as "what does this
 * diagnostic setting target?".
 */
export class ResourceModel {
  private readonly byKey = new Map<string, Resource>();
  private readonly incoming = new Map<string, Referrer[]>();

  constructor(readonly resources: readonly Resource[]) {
    for (const resource of resources) this.byKey.set(resource.key, resource);
    for (const resource of resources) {
      for (const reference of resource.references) {
        const list = this.incoming.get(reference.target) ?? [];
        list.push({ resource, path: reference.path });
        this.incoming.set(reference.target, list);
      }
    }
  }

  get(key: string): Resource | undefined {
    return this.byKey.get(key);
  }

  ofType(...types: string[]): Resource[] {
    return this.resources.filter((resource) => types.includes(resource.type));
  }

  /** Resources that `resource` refers to, optionally only from attributes at `path`. */
  referencedBy(resource: Resource, path?: string): Resource[] {
    return resource.references
      .filter((reference) => path === undefined || reference.path === path)
      .map((reference) => this.byKey.get(reference.target))
      .filter((target): target is Resource => target !== undefined);
  }

  /** Resources that refer to `resource`, optionally only of the given types and at the given attribute path. */
  referrers(resource: Resource, filter: { readonly types?: readonly string[]; readonly path?: string } = {}): Referrer[] {
    return (this.incoming.get(resource.key) ?? []).filter(
      (referrer) =>
        (filter.types === undefined || filter.types.includes(referrer.resource.type)) &&
        (filter.path === undefined || referrer.path === filter.path),
    );
  }
}
