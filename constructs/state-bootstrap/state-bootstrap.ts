import { Construct } from "constructs";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { StorageAccount } from "../storage/storage-account";
import type { LockProps, PrivateEndpointProps, RoleAssignments } from "../shared/interfaces";

export interface StateBootstrapProps {
  readonly location: string;
  readonly resourceGroupName: string;
  readonly storageAccountName: string;
  readonly containerName: string;
  /** Default: ZRS; losing the state of a clinical environment is an incident of its own. */
  readonly replication?: "LRS" | "ZRS" | "GZRS";
  /** Days deleted or overwritten state versions can be restored. Default: 90. */
  readonly softDeleteDays?: number;
  /** Default: CanNotDelete on the account, whatever the environment says about locks elsewhere. */
  readonly lock?: LockProps;
  /** Who may read and write state (Storage Blob Data Contributor for the deploying identities). Default: none. */
  readonly roleAssignments?: RoleAssignments;
  /** The blob endpoint in the network the pipeline runs in, so that `terraform init` reaches the state. Default: none. */
  readonly privateEndpoint?: PrivateEndpointProps<"blob">;
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The storage account and container the other stacks keep their Terraform state in: Entra ID auth only, no
 * public network access, versioning and soft delete so a bad apply can be rolled back, locked against deletion.
 * Nothing else exists yet when it is applied, so it has no diagnostics or customer-managed key of its own (the network
 * stack of the primary region adds the diagnostics); its blob endpoint is private, in the deployer's network.
 */
export class StateBootstrap extends Construct {
  readonly resourceGroup: ResourceGroup;
  readonly storage: StorageAccount<"blob">;
  readonly container: StorageContainer;

  constructor(scope: Construct, id: string, props: StateBootstrapProps) {
    super(scope, id);
    this.resourceGroup = new ResourceGroup(this, "resource-group", { name: props.resourceGroupName, location: props.location, tags: props.tags });
    this.storage = new StorageAccount<"blob">(this, "storage", {
      name: props.storageAccountName,
      location: props.location,
      resourceGroupName: this.resourceGroup.name,
      replication: props.replication ?? "ZRS",
      softDeleteDays: props.softDeleteDays ?? 90,
      versioning: true,
      lock: props.lock ?? {},
      roleAssignments: props.roleAssignments,
      privateEndpoint: props.privateEndpoint,
      privateEndpointSubresources: ["blob"],
      tags: props.tags,
    });
    // Created through the management plane (storage_account_id), which works without data-plane network access.
    this.container = new StorageContainer(this, "container", {
      name: props.containerName,
      storageAccountId: this.storage.account.id,
      containerAccessType: "private",
    });
  }
}
