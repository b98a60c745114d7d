import { Construct } from "constructs";
import { DiskEncryptionSet as AzureDiskEncryptionSet } from "@cdktf/provider-azurerm/lib/disk-encryption-set";
import { ResourceInterfaces } from "../shared/resource-interfaces";
import type { CustomerManagedKeyProps, ResourceInterfaceProps, ResourcePlacement } from "../shared/interfaces";

export interface DiskEncryptionSetProps extends ResourcePlacement, Omit<ResourceInterfaceProps<never>, "privateEndpoint" | "diagnostics"> {
  readonly customerManagedKey: CustomerManagedKeyProps;
  /**
   * Default: EncryptionAtRestWithPlatformAndCustomerKeys (double encryption: the platform key under ours), for
   * disks that may hold patient data in caches and model scratch space.
   */
  readonly encryptionType?: "EncryptionAtRestWithCustomerKey" | "EncryptionAtRestWithPlatformAndCustomerKeys";
}

/** Encrypts managed disks (AKS node OS and data disks) with a customer-managed key that rotates automatically. */
export class DiskEncryptionSet extends Construct {
  readonly diskEncryptionSet: AzureDiskEncryptionSet;
  readonly interfaces: ResourceInterfaces<never>;

  constructor(scope: Construct, id: string, props: DiskEncryptionSetProps) {
    super(scope, id);
    const key = props.customerManagedKey;
    this.diskEncryptionSet = new AzureDiskEncryptionSet(this, "disk-encryption-set", {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      keyVaultKeyId: key.keyVaultKeyId,
      autoKeyRotationEnabled: true,
      encryptionType: props.encryptionType ?? "EncryptionAtRestWithPlatformAndCustomerKeys",
      identity: { type: "UserAssigned", identityIds: [key.identityId] },
      dependsOn: key.dependsOn ? [...key.dependsOn] : undefined,
      tags: props.tags,
    });
    this.interfaces = new ResourceInterfaces(this, "interfaces", { resourceId: this.diskEncryptionSet.id, placement: props, props });
  }
}
