import { fail, pass } from "../../../engine/rule";
import { definePreflightRule } from "../../rule";
import { armType } from "../common";

export const armKeysAreCreateOnly = definePreflightRule({
  id: "FHI-PF-ORDER-004",
  title: "A Key Vault key managed through Resource Manager is never updated or destroyed by a plan",
  severity: "error",
  service: "ordering",
  resourceTypes: ["azapi_resource"],
  applies: (resource) => armType(resource) === "microsoft.keyvault/vaults/keys",
  // A planned destroy is the failure this rule is for; the engine shows destroyed resources only to rules that ask.
  judgesDestroyed: true,
  rationale:
    "Resource Manager's key operation is create-if-not-exist: it never updates an existing key (a changed rotation policy or size silently has no effect) and the type has no DELETE, so a planned replacement or destroy fails half-way. A customer-managed key must not change under running services anyway.",
  remediation:
    "Change a key's rotation policy or expiry on the vault's data plane as a key custodian, then bring the config in line; to retire a key, remove it from state (`terraform state rm`) and disable it in the vault.",
  sources: ["https://learn.microsoft.com/rest/api/keyvault/keyvault/keys/create-if-not-exist", "https://learn.microsoft.com/azure/templates/microsoft.keyvault/vaults/keys"],
  check: (key) => {
    const actions = key.actions ?? [];
    if (actions.includes("delete")) return fail(`the plan ${actions.includes("create") ? "replaces" : "destroys"} ${key.address}; Resource Manager cannot delete a key`);
    if (actions.includes("update")) return fail(`the plan updates ${key.address}; Resource Manager ignores updates to an existing key`);
    return pass(actions.length === 0 ? "configuration: created once, never changed by Terraform" : `planned: ${actions.join(", ")}`);
  },
});
