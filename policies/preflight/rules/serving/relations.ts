/**
 * How the serving rules find their way through an input: the workspace of an online deployment, the scope a role
 * assignment covers, the node pools of a cluster and the manifests Flux applies to it.
 */
import type { ResourceModel } from "../../../model/model";
import type { Resource } from "../../../model/resource";
import { isUnknown, valueAt, type Value } from "../../../model/value";
import { AML_ONLINE_DEPLOYMENT, AML_ONLINE_ENDPOINT } from "../../../rules/common/aml";
import { bodyValue } from "../../../rules/common/azapi";
import { ANY, armPathCovers, armPathOfId, assignsRole, blobContainerPath, blobContainerUrlPath, RESOURCE_GROUP_STEP, storageAccountPath, STORAGE_ACCOUNT_STEP, type ArmPath, type BuiltInRole } from "../../arm-scope";
import { aksNodePool, kustomizationTakes, parseManifests, unescapeTemplate, type ManifestObject, type NodePool } from "../../kubernetes";
import { armType } from "../common";

export const WORKSPACE = "azurerm_machine_learning_workspace";

export function isOnlineDeployment(resource: Resource): boolean {
  return armType(resource) === AML_ONLINE_DEPLOYMENT.toLowerCase();
}

/** A deployment's workspace: its parent endpoint's parent. */
export function workspaceOfDeployment(model: ResourceModel, deployment: Resource): Resource | undefined {
  const endpoint = model.referencedBy(deployment, "parent_id").find((target) => armType(target) === AML_ONLINE_ENDPOINT.toLowerCase());
  return endpoint && model.referencedBy(endpoint, "parent_id").find((target) => target.type === WORKSPACE);
}

/** The isolation mode of a workspace's managed network, or undefined when it has none (absent or Disabled). */
export function managedNetworkMode(workspace: Resource): string | undefined {
  const mode = valueAt(workspace.values, "managed_network.isolation_mode");
  return typeof mode === "string" && mode !== "Disabled" ? mode : undefined;
}

/** Managed or Kubernetes, as the deployment's body says (Managed when absent). */
export function deploymentComputeType(deployment: Resource): string {
  const type = bodyValue(deployment, "properties.endpointComputeType");
  return typeof type === "string" ? type : "Managed";
}

/** A literal at `path`; undefined when absent or an expression. */
export function literalAt(resource: Resource, path: string): string | undefined {
  const value = valueAt(resource.values, path);
  return typeof value === "string" ? value : undefined;
}

/** The resource group a resource is in: its literal name, or the name of the resource group it refers to. */
function resourceGroupOf(model: ResourceModel, resource: Resource): string {
  const literal = literalAt(resource, "resource_group_name");
  if (literal) return literal;
  const group = model.referencedBy(resource, "resource_group_name").find((target) => target.type === "azurerm_resource_group");
  return (group && literalAt(group, "name")) ?? ANY;
}

/** ARM types of the azurerm resources whose scope paths the serving rules compare. */
const ARM_TYPES: Readonly<Record<string, string>> = {
  azurerm_storage_account: STORAGE_ACCOUNT_STEP,
  azurerm_container_registry: "microsoft.containerregistry/registries",
  azurerm_key_vault: "microsoft.keyvault/vaults",
  azurerm_machine_learning_workspace: "microsoft.machinelearningservices/workspaces",
  azurerm_application_insights: "microsoft.insights/components",
};

/** The scope path of a resource of the input, where its type is one the rules compare. */
export function armPathOf(model: ResourceModel, resource: Resource): ArmPath | undefined {
  const name = literalAt(resource, "name")?.toLowerCase() ?? ANY;
  if (resource.type === "azurerm_resource_group") return [[RESOURCE_GROUP_STEP, name]];
  if (resource.type === "azurerm_storage_container") {
    const account = armPathAt(model, resource, "storage_account_id") ?? (literalAt(resource, "storage_account_name") ? storageAccountPath(literalAt(resource, "storage_account_name")!) : undefined);
    return account && blobContainerPath(account, name);
  }
  const type = ARM_TYPES[resource.type];
  return type ? [[RESOURCE_GROUP_STEP, resourceGroupOf(model, resource).toLowerCase()], [type, name]] : undefined;
}

/** The scope path an attribute names: a literal ARM ID, or the resource it refers to. */
export function armPathAt(model: ResourceModel, resource: Resource, path: string): ArmPath | undefined {
  const value = valueAt(resource.values, path);
  if (typeof value === "string") return armPathOfId(value);
  const target = model.referencedBy(resource, path)[0];
  return target && armPathOf(model, target);
}

/** What a role must reach: a resource of the input, its scope path, or both. */
export interface RoleTarget {
  readonly resource?: Resource;
  readonly path?: ArmPath;
}

/** The assignments of one of `roles` to `principal` (an identity, or a resource with a system identity) whose scope covers `target`. */
export function grantsCovering(model: ResourceModel, principal: Resource, roles: readonly BuiltInRole[], target: RoleTarget): Resource[] {
  return model
    .referrers(principal, { types: ["azurerm_role_assignment"], path: "principal_id" })
    .map((referrer) => referrer.resource)
    .filter((assignment) => assignsRole({ roleName: assignment.values.role_definition_name, roleId: assignment.values.role_definition_id }, roles))
    .filter((assignment) => {
      if (target.resource && model.referencedBy(assignment, "scope").some((scope) => scope.key === target.resource!.key)) return true;
      const scope = armPathAt(model, assignment, "scope");
      return scope !== undefined && target.path !== undefined && armPathCovers(scope, target.path);
    });
}

/** The text of a string attribute as Terraform writes it, interpolations left as written; undefined for other values. */
export function writtenText(value: Value | undefined): string | undefined {
  if (typeof value === "string") return value;
  return isUnknown(value) && value.template !== undefined ? unescapeTemplate(value.template) : undefined;
}

/** A blob of YAML manifests: its objects, or why they cannot be read. */
export function manifestsOfBlob(blob: Resource): { readonly objects: readonly ManifestObject[] } | { readonly problem: string } {
  const text = writtenText(blob.values.source_content);
  if (text === undefined) return { problem: "its content is not written in the input (source file or an expression)" };
  try {
    return { objects: parseManifests(text) };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

export function isManifestBlob(blob: Resource): boolean {
  const name = literalAt(blob, "name");
  return name !== undefined && /\.ya?ml$/.test(name);
}

/** The Flux configurations that apply `blob`: they read its container and its folder is under a kustomization's path. */
export function fluxConfigurationsApplying(model: ResourceModel, blob: Resource): Resource[] {
  const account = literalAt(blob, "storage_account_name");
  const container = literalAt(blob, "storage_container_name");
  const name = literalAt(blob, "name");
  if (!account || !container || !name) return [];
  return model.ofType("azurerm_kubernetes_flux_configuration").filter((configuration) => {
    const source = blobContainerUrlPath(literalAt(configuration, "blob_storage.container_id") ?? "");
    if (!source || source.account !== account.toLowerCase() || source.container !== container.toLowerCase()) return false;
    const kustomizations = valueAt(configuration.values, "kustomizations");
    const paths = (Array.isArray(kustomizations) ? kustomizations : [kustomizations]).map((kustomization) => valueAt(kustomization, "path")).filter((path): path is string => typeof path === "string");
    return paths.some((path) => kustomizationTakes(path, name));
  });
}

/** The cluster a Flux configuration belongs to. */
export function clusterOf(model: ResourceModel, configuration: Resource): Resource | undefined {
  return model.referencedBy(configuration, "cluster_id").find((target) => target.type === "azurerm_kubernetes_cluster");
}

function labelsAt(resource: Resource, path: string): Record<string, string> {
  const labels = valueAt(resource.values, path);
  return typeof labels === "object" && labels !== null && !Array.isArray(labels) && !isUnknown(labels) ? Object.fromEntries(Object.entries(labels).filter((entry): entry is [string, string] => typeof entry[1] === "string")) : {};
}

function stringsAt(resource: Resource, path: string): string[] {
  const values = valueAt(resource.values, path);
  return Array.isArray(values) ? values.filter((value): value is string => typeof value === "string") : [];
}

/** A cluster's node pools: its default pool and the separate node pool resources, with the taints AKS adds. */
export function nodePoolsOf(model: ResourceModel, cluster: Resource): NodePool[] {
  const defaultPool = aksNodePool({
    name: literalAt(cluster, "default_node_pool.name") ?? "default",
    vmSize: literalAt(cluster, "default_node_pool.vm_size"),
    labels: labelsAt(cluster, "default_node_pool.node_labels"),
    taints: [],
    spot: false,
    criticalAddonsOnly: valueAt(cluster.values, "default_node_pool.only_critical_addons_enabled") === true,
  });
  const pools = model
    .referrers(cluster, { types: ["azurerm_kubernetes_cluster_node_pool"], path: "kubernetes_cluster_id" })
    .map(({ resource: pool }) =>
      aksNodePool({ name: literalAt(pool, "name") ?? pool.name, vmSize: literalAt(pool, "vm_size"), labels: labelsAt(pool, "node_labels"), taints: stringsAt(pool, "node_taints"), spot: literalAt(pool, "priority") === "Spot", criticalAddonsOnly: false }),
    );
  return [defaultPool, ...pools];
}

/** The manifest blobs Flux applies to a cluster, through any of its Flux configurations. */
export function manifestBlobsOfCluster(model: ResourceModel, cluster: Resource): Resource[] {
  return model.ofType("azurerm_storage_blob").filter((blob) => isManifestBlob(blob) && fluxConfigurationsApplying(model, blob).some((configuration) => clusterOf(model, configuration)?.key === cluster.key));
}
