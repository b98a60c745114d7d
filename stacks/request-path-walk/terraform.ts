/**
 * The synthesized Terraform of one environment, read the way Terraform will: resources by stack, references in
 * `${...}` followed across stacks through cdktf's remote-state outputs to the resource and attribute they name, and
 * resources named by literal ARM IDs found by type and name.
 */
import * as fs from "node:fs";
import { armPathCovers, armPathOfId, assignsRole, blobContainerPath, RESOURCE_GROUP_STEP, storageAccountPath, STORAGE_ACCOUNT_STEP, type ArmPath, type BuiltInRole } from "../../policies/preflight/arm-scope";
import { readSynthesizedStacks } from "../synth";

export type Block = Readonly<Record<string, unknown>>;

/** A cdk.tf.json document, as far as the walk reads it. */
export interface StackDocument {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Block>>>>;
  readonly output?: Readonly<Record<string, { readonly value?: unknown }>>;
}

/** One resource of a stack. */
export interface Found {
  readonly stack: string;
  readonly type: string;
  readonly name: string;
  readonly block: Block;
}

/** A reference inside an expression, followed to its resource: `azurerm_subnet.x.id` in stack S. */
export interface Reference {
  readonly stack: string;
  readonly type: string;
  readonly name: string;
  /** Attribute path without list indexes, e.g. `id`, `kubelet_identity.object_id`. */
  readonly attribute: string;
}

const REMOTE_OUTPUT = /data\.terraform_remote_state\.cross-stack-reference-input-([\w-]+)\.outputs\.([\w-]+)/g;
const LOCAL = /(?<![\w.-])((?:data\.)?[a-z][a-z0-9]*_[a-z0-9_]*)\.([A-Za-z_][\w-]*)((?:\.[A-Za-z_]\w*|\[\d+\])*)/g;

/** The `${...}` interpolations of a Terraform template (escaped `$${` excluded), with nested braces. */
export function interpolations(text: string): string[] {
  const found: string[] = [];
  for (let index = text.indexOf("${"); index >= 0; index = text.indexOf("${", index + 2)) {
    if (index > 0 && text[index - 1] === "$") continue;
    let depth = 0;
    let end = index + 2;
    for (; end < text.length; end++) {
      if (text[end] === "{") depth++;
      else if (text[end] === "}" && depth-- === 0) break;
    }
    found.push(text.slice(index + 2, end));
  }
  return found;
}

/** `stack:type.name` for messages. */
export function addressOf(found: Found): string {
  return `${found.stack}:${found.type}.${found.name}`;
}

/** A literal string attribute at a dotted path (blocks may be objects or lists of one). */
export function literal(block: Block | undefined, path: string): string | undefined {
  const value = valueAt(block, path);
  return typeof value === "string" && interpolations(value).length === 0 ? value : undefined;
}

export function valueAt(block: Block | undefined, path: string): unknown {
  let current: unknown = block;
  for (const segment of path.split(".")) {
    if (Array.isArray(current)) current = current.length === 1 ? current[0] : undefined;
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** Terraform types of the ARM resource types the walk finds by literal ID. */
const TYPES_BY_ARM: Readonly<Record<string, string>> = {
  [STORAGE_ACCOUNT_STEP]: "azurerm_storage_account",
  containers: "azurerm_storage_container",
  "microsoft.authorization/roledefinitions": "azurerm_role_definition",
  "microsoft.containerregistry/registries": "azurerm_container_registry",
};

export class SynthesizedTerraform {
  private constructor(private readonly documents: ReadonlyMap<string, StackDocument>) {}

  /** The stacks of a `cdktf.out` directory. */
  static read(outdir: string): SynthesizedTerraform {
    return SynthesizedTerraform.of(Object.fromEntries(readSynthesizedStacks(outdir).map((stack) => [stack.stack, JSON.parse(fs.readFileSync(stack.file, "utf8")) as StackDocument])));
  }

  static of(documents: Readonly<Record<string, StackDocument>>): SynthesizedTerraform {
    return new SynthesizedTerraform(new Map(Object.entries(documents)));
  }

  /** The stacks of one environment (`<env>-...`). */
  environment(name: string): SynthesizedTerraform {
    return new SynthesizedTerraform(new Map([...this.documents].filter(([stack]) => stack.startsWith(`${name}-`))));
  }

  get stackNames(): string[] {
    return [...this.documents.keys()];
  }

  /** Resources of `type`, optionally in one stack and matching a predicate. */
  all(type: string, where: { readonly stack?: string; readonly test?: (found: Found) => boolean } = {}): Found[] {
    return [...this.documents]
      .filter(([stack]) => where.stack === undefined || stack === where.stack)
      .flatMap(([stack, document]) => Object.entries(document.resource?.[type] ?? {}).map(([name, block]) => ({ stack, type, name, block })))
      .filter((found) => where.test === undefined || where.test(found));
  }

  /** The references in a value of `stack` (strings anywhere inside it), followed through cross-stack outputs. */
  references(stack: string, value: unknown): Reference[] {
    if (Array.isArray(value)) return value.flatMap((item) => this.references(stack, item));
    if (typeof value === "object" && value !== null) return Object.values(value).flatMap((item) => this.references(stack, item));
    if (typeof value !== "string") return [];
    return interpolations(value).flatMap((expression) => {
      const remote = [...expression.matchAll(REMOTE_OUTPUT)].flatMap(([, origin, output]) => this.references(origin, this.documents.get(origin)?.output?.[output]?.value));
      const local = [...expression.replace(REMOTE_OUTPUT, "").matchAll(LOCAL)]
        .filter(([, type]) => !type.startsWith("data."))
        .map(([, type, name, attribute]) => ({ stack, type, name, attribute: attribute.replace(/\[\d+\]/g, "").replace(/^\./, "") }));
      return [...remote, ...local];
    });
  }

  /** The resource a reference names. */
  resolve(reference: Reference): Found | undefined {
    const block = this.documents.get(reference.stack)?.resource?.[reference.type]?.[reference.name];
    return block ? { stack: reference.stack, type: reference.type, name: reference.name, block } : undefined;
  }

  /** The resources a value refers to, with `attribute` when given (e.g. `principal_id`, never `client_id`). */
  referenced(stack: string, value: unknown, attribute?: string): Found[] {
    return this.references(stack, value)
      .filter((reference) => attribute === undefined || reference.attribute === attribute)
      .map((reference) => this.resolve(reference))
      .filter((found): found is Found => found !== undefined);
  }

  /** Does the value of `from` at `path` refer to `target` (at `attribute`, when given)? */
  refersTo(from: Found, path: string, target: Found, attribute?: string): boolean {
    return this.referenced(from.stack, valueAt(from.block, path), attribute).some((found) => same(found, target));
  }

  /** The resource a literal ARM ID names, when the estate declares it (found by type and name). */
  byArmId(id: string): Found | undefined {
    const path = armPathOfId(id);
    const last = path?.[path.length - 1];
    const type = last && TYPES_BY_ARM[last[0]];
    if (!path || !last || !type) return undefined;
    const nameKey = type === "azurerm_role_definition" ? "role_definition_id" : "name";
    return this.all(type, { test: (found) => literal(found.block, nameKey)?.toLowerCase() === last[1] }).find((found) => {
      const scope = this.armPath(found);
      return scope === undefined || armPathCovers(scope, path) || armPathCovers(path, scope);
    });
  }

  /** The resource an attribute names: by reference (to its `id`) or by literal ARM ID. */
  target(from: Found, path: string): Found | undefined {
    const value = valueAt(from.block, path);
    if (typeof value === "string" && interpolations(value).length === 0) return this.byArmId(value);
    return this.referenced(from.stack, value, "id")[0];
  }

  /** The scope path of a resource whose type the walk compares scopes of. */
  armPath(found: Found): ArmPath | undefined {
    const name = (found.type === "azurerm_role_definition" ? literal(found.block, "role_definition_id") : literal(found.block, "name"))?.toLowerCase() ?? "*";
    const group = literal(found.block, "resource_group_name") ?? literal(this.referenced(found.stack, found.block.resource_group_name, "name")[0]?.block, "name") ?? "*";
    switch (found.type) {
      case "azurerm_resource_group":
        return [[RESOURCE_GROUP_STEP, name]];
      case "azurerm_storage_account":
        return storageAccountPath(name, group);
      case "azurerm_storage_container": {
        const account = this.target(found, "storage_account_id");
        return account && blobContainerPath(this.armPath(account) ?? storageAccountPath(literal(account.block, "name") ?? "*"), name);
      }
      case "azurerm_container_registry":
        return [[RESOURCE_GROUP_STEP, group.toLowerCase()], ["microsoft.containerregistry/registries", name]];
      case "azurerm_subnet":
        return [[RESOURCE_GROUP_STEP, group.toLowerCase()], ["microsoft.network/virtualnetworks", literal(this.referenced(found.stack, found.block.virtual_network_name, "name")[0]?.block, "name")?.toLowerCase() ?? "*"], ["subnets", name]];
      default:
        return undefined;
    }
  }

  /** Does a role assignment's scope reach `target`: the target itself (by reference) or an ancestor of it? */
  scopeCovers(assignment: Found, target: Found): boolean {
    if (this.refersTo(assignment, "scope", target, "id")) return true;
    const scope = typeof assignment.block.scope === "string" && interpolations(assignment.block.scope).length === 0 ? armPathOfId(assignment.block.scope) : this.armPathOfReference(assignment);
    const targetPath = this.armPath(target);
    return scope !== undefined && targetPath !== undefined && armPathCovers(scope, targetPath);
  }

  private armPathOfReference(assignment: Found): ArmPath | undefined {
    const scope = this.referenced(assignment.stack, assignment.block.scope, "id")[0];
    return scope && this.armPath(scope);
  }

  /** `<role> on <scope>` of a role assignment, for readers: the role's name and the scope's last type and name. */
  describeGrant(assignment: Found): string {
    const role = literal(assignment.block, "role_definition_name") ?? literal(this.target(assignment, "role_definition_id")?.block, "name") ?? "a custom role";
    const scope = assignment.block.scope;
    if (typeof scope === "string" && interpolations(scope).length === 0) {
      const path = armPathOfId(scope);
      const last = path?.[path.length - 1];
      return `${role} on ${last ? `${last[0].split("/").pop()}/${last[1]}` : "the subscription"}`;
    }
    const target = this.referenced(assignment.stack, scope, "id")[0];
    return `${role} on ${target ? (literal(target.block, "name") ?? target.name) : "an expression"}`;
  }

  /** Role assignments of `principal` (at its `principal_id`) of one of `roles` whose scope reaches `target`. */
  grants(principal: Found, roles: readonly BuiltInRole[] | Found, target: Found): Found[] {
    return this.all("azurerm_role_assignment", {
      test: (assignment) => {
        if (!this.refersTo(assignment, "principal_id", principal, "principal_id")) return false;
        const role = Array.isArray(roles)
          ? assignsRole({ roleName: assignment.block.role_definition_name, roleId: assignment.block.role_definition_id }, roles)
          : this.target(assignment, "role_definition_id") !== undefined && same(this.target(assignment, "role_definition_id")!, roles as Found);
        return role && this.scopeCovers(assignment, target);
      },
    });
  }
}

export function same(a: Found, b: Found): boolean {
  return a.stack === b.stack && a.type === b.type && a.name === b.name;
}
