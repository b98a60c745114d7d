import { Construct } from "constructs";
import { StorageAccount as AzureStorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { ResourceInterfaces, type DiagnosticTarget } from "../shared/resource-interfaces";
import type { CustomerManagedKeyProps, ResourceInterfaceProps, ResourcePlacement } from "../shared/interfaces";

export type StorageSubresource = "blob" | "file";

/** The account has metrics only; its logs belong to the blob and file services. */
export function storageDiagnosticTargets(accountId: string): DiagnosticTarget[] {
  return [
    { resourceId: accountId, logs: false, metrics: true },
    { key: "blob", resourceId: `${accountId}/blobServices/default`, logs: true, metrics: true },
    { key: "file", resourceId: `${accountId}/fileServices/default`, logs: true, metrics: true },
  ];
}

export interface StorageAccountProps<Subresource extends StorageSubresource = StorageSubresource> extends ResourcePlacement, ResourceInterfaceProps<Subresource> {
  /** Default: none (platform-managed keys). */
  readonly customerManagedKey?: CustomerManagedKeyProps;
  /** Default: LRS; ZRS survives the loss of a zone. */
  readonly replication?: "LRS" | "ZRS" | "GRS" | "GZRS";
  /** Days deleted blobs and containers can be restored. Default: 30. */
  readonly softDeleteDays?: number;
  /** Default: true. */
  readonly versioning?: boolean;
  /**
   * Let trusted Azure services (Network Watcher flow logs, Azure ML) past the firewall. Default: false
   * (`bypass = ["None"]`).
   */
  readonly allowTrustedServices?: boolean;
  /** Private endpoints for these sub-resources. Default: blob and file. */
  readonly privateEndpointSubresources?: readonly Subresource[];
}

/**
 * A StorageV2 account with Entra ID auth only (no shared keys, no SAS by account key, no local SFTP users),
 * TLS 1.2, HTTPS only, no public blobs, no public network access, infrastructure (double) encryption, blob
 * versioning and soft delete for blobs and containers.
 */
export class StorageAccount<Subresource extends StorageSubresource = StorageSubresource> extends Construct {
  readonly account: AzureStorageAccount;
  readonly interfaces: ResourceInterfaces<Subresource>;

  constructor(scope: Construct, id: string, props: StorageAccountProps<Subresource>) {
    super(scope, id);
    const key = props.customerManagedKey;
    const softDeleteDays = props.softDeleteDays ?? 30;
    this.account = new AzureStorageAccount(this, "account", {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      accountKind: "StorageV2",
      accountTier: "Standard",
      accountReplicationType: props.replication ?? "LRS",
      minTlsVersion: "TLS1_2",
      httpsTrafficOnlyEnabled: true,
      sharedAccessKeyEnabled: false,
      defaultToOauthAuthentication: true,
      allowNestedItemsToBePublic: false,
      publicNetworkAccessEnabled: false,
      crossTenantReplicationEnabled: false,
      localUserEnabled: false,
      sftpEnabled: false,
      infrastructureEncryptionEnabled: true,
      networkRules: { defaultAction: "Deny", bypass: [props.allowTrustedServices ? "AzureServices" : "None"] },
      blobProperties: {
        versioningEnabled: props.versioning ?? true,
        deleteRetentionPolicy: { days: softDeleteDays },
        containerDeleteRetentionPolicy: { days: softDeleteDays },
      },
      identity: key ? { type: "UserAssigned", identityIds: [key.identityId] } : undefined,
      customerManagedKey: key ? { keyVaultKeyId: key.keyVaultKeyId, userAssignedIdentityId: key.identityId } : undefined,
      dependsOn: key?.dependsOn ? [...key.dependsOn] : undefined,
      tags: props.tags,
    });
    const id_ = this.account.id;
    this.interfaces = new ResourceInterfaces(this, "interfaces", {
      resourceId: id_,
      placement: props,
      props,
      subresources: props.privateEndpointSubresources ?? (["blob", "file"] as Subresource[]),
      diagnosticTargets: storageDiagnosticTargets(id_),
    });
  }
}
