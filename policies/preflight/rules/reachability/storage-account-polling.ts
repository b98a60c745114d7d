import { fail, pass, unknown } from "../../../engine/rule";
import { valueAt } from "../../../model/value";
import { definePreflightRule } from "../../rule";

export const storageAccountDataPlanePolling = definePreflightRule({
  id: "FHI-PF-REACH-004",
  title: "Private storage accounts are created with the provider's data-plane polling off",
  severity: "error",
  service: "reachability",
  resourceTypes: ["azurerm_storage_account"],
  rationale:
    "With the provider feature `storage.data_plane_available` at its default (true), azurerm 4.55 polls a new account's blob, queue and file endpoints after the ARM create and reads queue properties and static website on every refresh. An account with public network access off cannot have its private endpoint yet when it is created, so the create fails with 403 and leaves the account tainted.",
  remediation:
    "Set `features { storage { data_plane_available = false } }` in the azurerm provider of every stack that creates private storage accounts, and keep containers on `storage_account_id`.",
  sources: [
    "internal/services/storage/storage_account_resource.go (azurerm v4.55.0, resourceStorageAccountCreate: waitForDataPlaneToBecomeAvailableForAccount when DataPlaneAvailable)",
    "internal/provider/features.go (azurerm v4.55.0: storage.data_plane_available defaults to true)",
    "https://github.com/Azure/terraform-azurerm-avm-res-storage-storageaccount/issues/148",
  ],
  check: (account, model) => {
    const open = valueAt(account.values, "public_network_access_enabled");
    if (open !== false && String(open).toLowerCase() !== "false") return pass("public network access is on: the provider's poll reaches the account");
    const stack = model.stack(account.source.stack);
    if (!stack) return unknown("the provider configuration is not in the input; set features.storage.data_plane_available = false where this account is created");
    const available = valueAt(stack.providers.azurerm ?? {}, "features.storage.data_plane_available");
    if (available === false || String(available).toLowerCase() === "false") return pass("the provider does not poll the data plane (data_plane_available = false)");
    return fail(`public network access is off and stack ${stack.name}'s azurerm provider polls the data plane after create (data_plane_available is not false)`);
  },
});
