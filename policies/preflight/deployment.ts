import { ResourceModel } from "../model/model";
import type { Resource } from "../model/resource";
import type { Value, ValueObject } from "../model/value";

/** What a preflight rule needs to know about one stack beyond its resources: how Terraform reaches it. */
export interface StackInfo {
  readonly name: string;
  /** Position in the deploy order: every stack after the stacks it depends on; local-backend stacks come first. */
  readonly order: number;
  readonly dependencies: readonly string[];
  /** `terraform.backend`: its kind (`azurerm`, `local`, ...) and settings. */
  readonly backend?: { readonly kind: string; readonly settings: ValueObject };
  /** Provider blocks by provider name (`azurerm`, `kubernetes`, ...), the first of each. */
  readonly providers: Readonly<Record<string, ValueObject>>;
  readonly variables: readonly string[];
  /** `depends_on` of each resource, by address (meta-arguments are not in the resource model). */
  readonly dependsOn: ReadonlyMap<string, readonly string[]>;
  /** How many resources of each type the stack declares. */
  readonly resourceTypes: Readonly<Record<string, number>>;
}

/** The pseudo-resource type under which a stack's backend is checked (FHI-PF-REACH-001). */
export const BACKEND_TYPE = "terraform_backend";

/**
 * The resources of a deployment plus the stacks they are applied in, in order. For inputs without stacks (a plan,
 * plain *.tf.json) `stacks` is empty and the rules that need deploy order answer "unknown".
 */
export class DeploymentModel extends ResourceModel {
  private readonly byStack: ReadonlyMap<string, StackInfo>;

  constructor(resources: readonly Resource[], readonly stacks: readonly StackInfo[]) {
    super([...resources, ...stacks.flatMap(backendResource)]);
    this.byStack = new Map(stacks.map((stack) => [stack.name, stack]));
  }

  stack(name: string | undefined): StackInfo | undefined {
    return name === undefined ? undefined : this.byStack.get(name);
  }

  /** True when `earlier` is applied before `later` begins (stacks of one apply are not "before"). */
  appliedBefore(earlier: Resource, later: Resource): boolean | undefined {
    const a = this.stack(earlier.source.stack);
    const b = this.stack(later.source.stack);
    if (!a || !b) return undefined;
    return a.order < b.order;
  }

  /** The resource at `address` in `resource`'s own scope: its stack, or the file or plan it came from. */
  sibling(resource: Resource, address: string): Resource | undefined {
    return this.get(`${scopeOf(resource)}${address}`);
  }

  /**
   * Addresses `resource` waits for: its references and its `depends_on`, followed transitively within its scope.
   * `depends_on` is known for cdktf.out stacks only (inputs without stacks give references alone).
   */
  dependencyClosure(resource: Resource): ReadonlySet<string> {
    const stack = this.stack(resource.source.stack);
    const seen = new Set<string>();
    const queue: Resource[] = [resource];
    while (queue.length > 0) {
      const current = queue.pop()!;
      const next = [
        ...this.referencedBy(current).filter((target) => scopeOf(target) === scopeOf(current)),
        ...(stack?.dependsOn.get(current.address) ?? []).map((address) => this.sibling(current, address)).filter((found): found is Resource => found !== undefined),
      ];
      for (const target of next) {
        if (seen.has(target.address)) continue;
        seen.add(target.address);
        queue.push(target);
      }
    }
    return seen;
  }

  /** True when `resource` is created after `prerequisite` exists: an earlier stack, or a dependency in the same one. */
  existsBefore(prerequisite: Resource, resource: Resource): boolean {
    if (this.appliedBefore(prerequisite, resource)) return true;
    return prerequisite.source.stack === resource.source.stack && this.dependencyClosure(resource).has(prerequisite.address);
  }
}

/** The `<scope>|` a resource's key starts with (ResourceModel keys are `<scope>|<address>`). */
function scopeOf(resource: Resource): string {
  return resource.key.slice(0, resource.key.length - resource.address.length);
}

function backendResource(stack: StackInfo): Resource[] {
  if (!stack.backend) return [];
  return [
    {
      key: `${stack.name}|terraform.backend`,
      address: `terraform.backend.${stack.backend.kind}`,
      mode: "managed",
      type: BACKEND_TYPE,
      name: stack.backend.kind,
      values: { kind: stack.backend.kind, ...stack.backend.settings } as Record<string, Value>,
      references: [],
      suppressions: [],
      source: { kind: "cdktf", file: `stacks/${stack.name}/cdk.tf.json`, stack: stack.name },
    },
  ];
}
