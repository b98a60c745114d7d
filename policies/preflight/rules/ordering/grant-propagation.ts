import { fail, pass, unknown, type Verdict } from "../../../engine/rule";
import type { Resource } from "../../../model/resource";
import type { DeploymentModel } from "../../deployment";
import { definePreflightRule } from "../../rule";
import { armType } from "../common";

const IDENTITY = ["azurerm_user_assigned_identity"];

/** What a resource does with an identity when Azure creates it: the identity, the resource it reaches, and why. */
interface CreateTimeAccess {
  readonly identity: Resource;
  readonly target: Resource;
  readonly what: string;
}

/** The vault of a key: an ARM key's parent, or an azurerm key's key_vault_id. */
function vaultOfKey(model: DeploymentModel, key: Resource): Resource | undefined {
  const path = key.type === "azapi_resource" ? "parent_id" : "key_vault_id";
  return model.referencedBy(key, path).find((target) => target.type === "azurerm_key_vault");
}

function keyVaultAccess(model: DeploymentModel, resource: Resource, keyPath: string, identityPath: string): CreateTimeAccess[] {
  const identity = model.referencedBy(resource, identityPath).find((target) => IDENTITY.includes(target.type));
  const key = model.referencedBy(resource, keyPath).find((target) => target.type === "azurerm_key_vault_key" || armType(target) === "microsoft.keyvault/vaults/keys");
  const vault = key ? vaultOfKey(model, key) : model.referencedBy(resource, keyPath).find((target) => target.type === "azurerm_key_vault");
  return identity && vault ? [{ identity, target: vault, what: "reads its customer-managed key" }] : [];
}

/** The create-time accesses azurerm and azapi resources make with user-assigned identities. */
function accessesOf(model: DeploymentModel, resource: Resource): CreateTimeAccess[] {
  switch (resource.type) {
    case "azurerm_storage_account":
      return keyVaultAccess(model, resource, "customer_managed_key.key_vault_key_id", "customer_managed_key.user_assigned_identity_id");
    case "azurerm_container_registry":
      return keyVaultAccess(model, resource, "encryption.key_vault_key_id", "encryption.identity_client_id");
    case "azurerm_disk_encryption_set":
      return keyVaultAccess(model, resource, "key_vault_key_id", "identity.identity_ids");
    case "azurerm_machine_learning_workspace":
      return keyVaultAccess(model, resource, "encryption.key_id", "encryption.user_assigned_identity_id");
    case "azurerm_kubernetes_cluster": {
      const identity = model.referencedBy(resource, "identity.identity_ids").find((target) => IDENTITY.includes(target.type));
      const set = model.referencedBy(resource, "disk_encryption_set_id").find((target) => target.type === "azurerm_disk_encryption_set");
      return identity && set ? [{ identity, target: set, what: "reads its disk encryption set" }] : [];
    }
    case "azurerm_container_app_job": {
      const identity = model.referencedBy(resource, "secret.identity").find((target) => IDENTITY.includes(target.type));
      const vault = model.referencedBy(resource, "secret.key_vault_secret_id").find((target) => target.type === "azurerm_key_vault");
      return identity && vault ? [{ identity, target: vault, what: "resolves its Key Vault secret reference" }] : [];
    }
    case "azapi_resource": {
      if (armType(resource) !== "microsoft.apimanagement/service/loggers") return [];
      const identity = model.referencedBy(resource, "body.properties.credentials.identityClientId").find((target) => IDENTITY.includes(target.type));
      const sink = model.referencedBy(resource, "body.properties.resourceId").find((target) => target.type === "azurerm_application_insights");
      return identity && sink ? [{ identity, target: sink, what: "authenticates to Application Insights" }] : [];
    }
    default:
      return [];
  }
}

function judge(model: DeploymentModel, resource: Resource, access: CreateTimeAccess): Verdict {
  const grants = model
    .ofType("azurerm_role_assignment")
    .filter((grant) => model.referencedBy(grant, "principal_id").some((principal) => principal.key === access.identity.key))
    .filter((grant) => model.referencedBy(grant, "scope").some((scope) => scope.key === access.target.key));
  const subject = `${resource.address} ${access.what} as ${access.identity.address}`;
  if (grants.length === 0) return unknown(`${subject}, but no role assignment for it on ${access.target.address} is in the input (granted elsewhere?)`);
  const waits = [...model.dependencyClosure(resource)].filter((address) => address.startsWith("time_sleep.")).map((address) => model.sibling(resource, address));
  const waiting = (grant: Resource) => model.appliedBefore(grant, resource) === true || waits.some((wait) => wait !== undefined && model.dependencyClosure(wait).has(grant.address));
  if (grants.some(waiting)) return pass(`${subject} after its grant has propagated`);
  const granted = `${subject}, granted by ${grants.map((grant) => grant.address).join(", ")}`;
  // Without stacks the input's depends_on is not read (policies/preflight/load.ts): a wait may be there unseen.
  if (!model.stack(resource.source.stack)) return unknown(`${granted}; whether it waits for role propagation is known from a cdktf.out directory only (depends_on)`);
  return fail(`${granted} in the same apply with no wait for role propagation`);
}

export const grantsPropagateBeforeUse = definePreflightRule({
  id: "FHI-PF-ORDER-001",
  title: "A resource that uses a just-granted identity at creation waits for the grant to propagate",
  severity: "error",
  service: "ordering",
  resourceTypes: ["azurerm_storage_account", "azurerm_container_registry", "azurerm_disk_encryption_set", "azurerm_machine_learning_workspace", "azurerm_kubernetes_cluster", "azurerm_container_app_job", "azapi_resource"],
  rationale:
    "Azure RBAC is eventually consistent: a new role assignment can take up to 10 minutes to take effect. Services that read a customer-managed key, a disk encryption set or a secret with a user-assigned identity while they are being created fail with 403 when the assignment made seconds earlier in the same apply has not propagated; depending on the assignment is not enough.",
  remediation: "Depend on a `time_sleep` that depends on the role assignment (constructs/time/sleep.ts, PropagationWait), or grant the role in an earlier stack.",
  sources: [
    "https://learn.microsoft.com/azure/role-based-access-control/troubleshooting (role assignment changes take up to 10 minutes)",
    "https://learn.microsoft.com/azure/storage/common/customer-managed-keys-configure-new-account",
  ],
  check: (resource, model) => {
    const accesses = accessesOf(model, resource);
    if (accesses.length === 0) return pass("uses no identity-based access while it is created");
    const verdicts = accesses.map((access) => judge(model, resource, access));
    return verdicts.find((verdict) => verdict.status === "fail") ?? verdicts.find((verdict) => verdict.status === "unknown") ?? verdicts[0];
  },
});
