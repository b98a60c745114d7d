import { Construct } from "constructs";
import { KeyVault as AzureKeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { ResourceInterfaces } from "../shared/resource-interfaces";
import type { ResourceInterfaceProps, ResourcePlacement } from "../shared/interfaces";

export interface KeyVaultProps extends ResourcePlacement, ResourceInterfaceProps<"vault"> {
  readonly tenantId: string;
  /** `premium` keeps keys in HSMs (RSA-HSM). Default: premium. */
  readonly sku?: "standard" | "premium";
  /** Default: true; a purged vault or key cannot be recovered, and purge protection cannot be turned off later. */
  readonly purgeProtection?: boolean;
  /** 7-90. Default: 90. */
  readonly softDeleteRetentionDays?: number;
  /**
   * Let trusted Azure services (Storage, Container Registry, disk encryption sets using customer-managed keys)
   * through the firewall. Default: false (`bypass = "None"`).
   */
  readonly allowTrustedServices?: boolean;
}

/**
 * A Key Vault with Azure RBAC instead of access policies, purge protection, 90 days of soft delete and no public
 * network access: the data plane is reached only through its private endpoint.
 */
export class KeyVault extends Construct {
  readonly vault: AzureKeyVault;
  readonly interfaces: ResourceInterfaces<"vault">;

  constructor(scope: Construct, id: string, props: KeyVaultProps) {
    super(scope, id);
    this.vault = new AzureKeyVault(this, "vault", {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      tenantId: props.tenantId,
      skuName: props.sku ?? "premium",
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: props.purgeProtection ?? true,
      softDeleteRetentionDays: props.softDeleteRetentionDays ?? 90,
      publicNetworkAccessEnabled: false,
      networkAcls: { defaultAction: "Deny", bypass: props.allowTrustedServices ? "AzureServices" : "None" },
      tags: props.tags,
    });
    this.interfaces = new ResourceInterfaces(this, "interfaces", { resourceId: this.vault.id, placement: props, props, subresources: ["vault"] });
  }
}
