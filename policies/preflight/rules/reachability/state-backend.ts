import { pass, unknown } from "../../../engine/rule";
import { valueAt } from "../../../model/value";
import { BACKEND_TYPE } from "../../deployment";
import { BLOB, reachability } from "../../network";
import { definePreflightRule } from "../../rule";

export const stateBackendReachable = definePreflightRule({
  id: "FHI-PF-REACH-001",
  title: "Each stack's state is reachable from the deploy runners",
  severity: "error",
  service: "reachability",
  resourceTypes: [BACKEND_TYPE],
  rationale:
    "`terraform init` reads and leases the state blob on the storage account's data plane before anything else runs. A state account with public network access off and no private endpoint in the runners' network (with its privatelink.blob zone linked there, created by an earlier stack) fails every init with 403 or a public-IP timeout.",
  remediation:
    "Give the state account a blob private endpoint in the deploy runner network, registered in a privatelink.blob zone linked to that network, in a stack applied before this one (the bootstrap does it).",
  sources: [
    "https://learn.microsoft.com/azure/developer/terraform/store-state-in-azure-storage",
    "https://developer.hashicorp.com/terraform/language/backend/azurerm",
    "https://learn.microsoft.com/azure/private-link/private-endpoint-dns",
  ],
  check: (backend, model) => {
    if (backend.values.kind !== "azurerm") return pass(`${String(backend.values.kind)} backend: no Azure data plane`);
    const name = valueAt(backend.values, "storage_account_name");
    const account = model.ofType("azurerm_storage_account").find((candidate) => candidate.values.name === name);
    if (!account) return unknown(`the state account ${String(name)} is not in the input; cannot tell how the runners reach it`);
    return reachability(model, backend, account, BLOB);
  },
});
