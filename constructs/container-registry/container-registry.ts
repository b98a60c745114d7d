import { Construct } from "constructs";
import { ContainerRegistry as AzureContainerRegistry } from "@cdktf/provider-azurerm/lib/container-registry";
import { ResourceInterfaces } from "../shared/resource-interfaces";
import type { CustomerManagedKeyProps, ResourceInterfaceProps, ResourcePlacement } from "../shared/interfaces";

export interface ContainerRegistryProps extends ResourcePlacement, ResourceInterfaceProps<"registry"> {
  /** Default: none (platform-managed keys). Stacks always pass one. */
  readonly customerManagedKey?: CustomerManagedKeyProps;
  /** Default: false. */
  readonly zoneRedundant?: boolean;
  /** Days untagged manifests are kept before deletion. Default: 30. */
  readonly untaggedRetentionDays?: number;
  /**
   * Let trusted Azure services (e.g. Azure ML image builds, Defender scans) past the network rules.
   * Default: false (`network_rule_bypass_option = "None"`).
   */
  readonly allowTrustedServices?: boolean;
}

/**
 * A Premium registry (private link, CMK, retention need Premium) with no admin user, no anonymous pull, no
 * export, no public network access and dedicated data endpoints reached through the private endpoint.
 */
export class ContainerRegistry extends Construct {
  readonly registry: AzureContainerRegistry;
  readonly interfaces: ResourceInterfaces<"registry">;

  constructor(scope: Construct, id: string, props: ContainerRegistryProps) {
    super(scope, id);
    const key = props.customerManagedKey;
    this.registry = new AzureContainerRegistry(this, "registry", {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      sku: "Premium",
      adminEnabled: false,
      anonymousPullEnabled: false,
      publicNetworkAccessEnabled: false,
      exportPolicyEnabled: false,
      dataEndpointEnabled: true,
      networkRuleBypassOption: props.allowTrustedServices ? "AzureServices" : "None",
      zoneRedundancyEnabled: props.zoneRedundant ?? false,
      retentionPolicyInDays: props.untaggedRetentionDays ?? 30,
      identity: key ? { type: "UserAssigned", identityIds: [key.identityId] } : undefined,
      encryption: key ? [{ keyVaultKeyId: key.keyVaultKeyId, identityClientId: key.identityClientId }] : undefined,
      dependsOn: key?.dependsOn ? [...key.dependsOn] : undefined,
      tags: props.tags,
    });
    this.interfaces = new ResourceInterfaces(this, "interfaces", { resourceId: this.registry.id, placement: props, props, subresources: ["registry"] });
  }

  /** An image in this registry by digest only: tags move, digests do not. */
  imageReference(repository: string, digest: string): string {
    if (!/^sha256:[a-f0-9]{64}$/.test(digest)) {
      throw new Error(`${this.node.path}: image ${repository} must be referenced by digest sha256:<64 hex>, got "${digest}". Fix: pin the digest from the registry's push output`);
    }
    return `${this.registry.loginServer}/${repository}@${digest}`;
  }
}
