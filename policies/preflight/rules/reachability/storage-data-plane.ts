import { pass, unknown } from "../../../engine/rule";
import type { Resource } from "../../../model/resource";
import { isAbsent, valueAt } from "../../../model/value";
import type { DeploymentModel } from "../../deployment";
import { BLOB, reachability, type DataPlane } from "../../network";
import { definePreflightRule } from "../../rule";
import { referencedAt } from "../common";

const PLANES: Record<string, DataPlane> = {
  azurerm_storage_blob: BLOB,
  azurerm_storage_container: BLOB,
  azurerm_storage_queue: { subresource: "queue", zonePrefix: "privatelink.queue." },
  azurerm_storage_share: { subresource: "file", zonePrefix: "privatelink.file." },
  azurerm_storage_share_file: { subresource: "file", zonePrefix: "privatelink.file." },
  azurerm_storage_table: { subresource: "table", zonePrefix: "privatelink.table." },
  azurerm_storage_data_lake_gen2_filesystem: { subresource: "dfs", zonePrefix: "privatelink.dfs." },
};

/** The account whose data plane the resource calls, or "arm" when it is created through Resource Manager. */
function accountOf(resource: Resource, model: DeploymentModel): Resource | "arm" | undefined {
  const byId = referencedAt(model, resource, "storage_account_id", ["azurerm_storage_account"]);
  // Containers, queues, shares and tables given `storage_account_id` go through Resource Manager (azurerm 4.x).
  if (byId && resource.type !== "azurerm_storage_data_lake_gen2_filesystem") return "arm";
  if (byId) return byId;
  const container = referencedAt(model, resource, "storage_container_id", ["azurerm_storage_container"]);
  if (container) return referencedAt(model, container, "storage_account_id", ["azurerm_storage_account"]) ?? referencedAt(model, container, "storage_account_name", ["azurerm_storage_account"]);
  const name = valueAt(resource.values, "storage_account_name");
  if (isAbsent(name)) return undefined;
  return referencedAt(model, resource, "storage_account_name", ["azurerm_storage_account"]) ?? model.ofType("azurerm_storage_account").find((account) => account.values.name === name);
}

export const storageDataPlaneReachable = definePreflightRule({
  id: "FHI-PF-REACH-003",
  title: "Blobs, and containers, queues, shares and tables addressed by account name, are written where the runners reach the account",
  severity: "error",
  service: "reachability",
  resourceTypes: Object.keys(PLANES),
  rationale:
    "azurerm writes blobs, files and Data Lake filesystems, and containers, queues, shares and tables given `storage_account_name`, through the account's data plane from the runner. A private account refuses that unless a private endpoint for the sub-resource sits in the runners' network with its zone linked there.",
  remediation:
    "Create containers, queues, shares and tables with `storage_account_id` (Resource Manager); for blobs, give the account a private endpoint in the deploy runner network (sub-resource and privatelink zone to match), in an earlier stack.",
  sources: [
    "internal/services/storage/storage_container_resource.go (azurerm v4.55.0: storage_account_name is the data-plane path, storage_account_id the Resource Manager one)",
    "internal/services/storage/storage_blob_resource.go (azurerm v4.55.0)",
    "https://learn.microsoft.com/azure/storage/common/storage-private-endpoints",
  ],
  check: (resource, model) => {
    const account = accountOf(resource, model);
    if (account === "arm") return pass("created through Azure Resource Manager (storage_account_id)");
    if (!account) return unknown("the storage account is not in the input; cannot tell how the runners reach it");
    return reachability(model, resource, account, PLANES[resource.type]);
  },
});
