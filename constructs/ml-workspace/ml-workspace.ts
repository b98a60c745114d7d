import { Construct } from "constructs";
import { MachineLearningWorkspace } from "@cdktf/provider-azurerm/lib/machine-learning-workspace";
import { MachineLearningWorkspaceNetworkOutboundRuleFqdn } from "@cdktf/provider-azurerm/lib/machine-learning-workspace-network-outbound-rule-fqdn";
import { MachineLearningWorkspaceNetworkOutboundRulePrivateEndpoint } from "@cdktf/provider-azurerm/lib/machine-learning-workspace-network-outbound-rule-private-endpoint";
import type { ITerraformDependable } from "cdktf";
import { AzapiResourceAction } from "../azapi/resource";
import { ResourceInterfaces, type ResourceInterfaceProps, type ResourcePlacement } from "../shared";

/** The workspace's create, managed network provisioning included. */
export const MANAGED_NETWORK_CREATE_TIMEOUT = "90m";

/** The Private Link sub-resource of a workspace; its endpoint registers in both AML zones (api and notebooks). */
export type MlWorkspaceSubresource = "amlworkspace";

export interface MlWorkspaceProps extends ResourcePlacement, ResourceInterfaceProps<MlWorkspaceSubresource> {
  readonly applicationInsightsId: string;
  readonly keyVaultId: string;
  readonly containerRegistryId: string;
  readonly storageAccountId: string;
  /** User-assigned identity the workspace acts as (its primary identity). */
  readonly identityId: string;
  /**
   * Workspace data encrypted with this key (Azure ML wants the versioned key ID), read by `identityId`, which must
   * hold Key Vault Crypto Service Encryption User on it; it is assigned to the workspace too.
   */
  readonly customerManagedKey: { readonly keyVaultId: string; readonly keyId: string; readonly identityId: string };
  /** Less telemetry sent to Microsoft and extra encryption of local scratch disks; for patient data. @default true */
  readonly highBusinessImpact?: boolean;
  /**
   * Outbound destinations beyond those Azure ML adds itself (its own registry, storage, key vault and service tags
   * are approved automatically), keyed by rule name. @default none
   */
  readonly outboundRules?: {
    readonly fqdn?: Readonly<Record<string, string>>;
    readonly privateEndpoint?: Readonly<Record<string, { readonly resourceId: string; readonly subresource: string }>>;
  };
  /**
   * What must hold before the managed network is provisioned again for the outbound rules, e.g. the workspace
   * identity's approver role on their targets (after propagation). @default none
   */
  readonly outboundRulesNeed?: readonly ITerraformDependable[];
}

/** The workspace type whose `provisionManagedNetwork` action we call (REST: ManagedNetwork/provision, 2024-10-01). */
export const WORKSPACE_ACTION_TYPE = "Microsoft.MachineLearningServices/workspaces@2024-10-01";

/**
 * A private Azure ML workspace: no public network access, a managed network that only lets approved outbound
 * traffic out, customer-managed encryption, no v1 legacy APIs, reached through a private endpoint.
 */
export class MlWorkspace extends Construct {
  readonly workspace: MachineLearningWorkspace;
  /** The outbound rules added after creation; the managed network is provisioned again once they exist. */
  readonly outboundRules: (MachineLearningWorkspaceNetworkOutboundRuleFqdn | MachineLearningWorkspaceNetworkOutboundRulePrivateEndpoint)[] = [];
  /** Online deployments wait for this: the managed network with every outbound rule in place. */
  readonly networkReady: ITerraformDependable;

  constructor(scope: Construct, id: string, props: MlWorkspaceProps) {
    super(scope, id);
    this.workspace = new MachineLearningWorkspace(this, "workspace", {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      skuName: "Basic",
      applicationInsightsId: props.applicationInsightsId,
      keyVaultId: props.keyVaultId,
      containerRegistryId: props.containerRegistryId,
      storageAccountId: props.storageAccountId,
      publicNetworkAccessEnabled: false,
      v1LegacyModeEnabled: false,
      highBusinessImpact: props.highBusinessImpact ?? true,
      // Online deployments need the managed network provisioned before they are created (how-to-managed-network:
      // "you must manually provision the managed network"); provisioning with the workspace does that, and takes
      // long enough (Learn: about 30 minutes) to outlast the provider's 30-minute default create timeout.
      managedNetwork: { isolationMode: "AllowOnlyApprovedOutbound", provisionOnCreationEnabled: true },
      timeouts: { create: MANAGED_NETWORK_CREATE_TIMEOUT },
      identity: { type: "UserAssigned", identityIds: [...new Set([props.identityId, props.customerManagedKey.identityId])] },
      primaryUserAssignedIdentity: props.identityId,
      encryption: { keyVaultId: props.customerManagedKey.keyVaultId, keyId: props.customerManagedKey.keyId, userAssignedIdentityId: props.customerManagedKey.identityId },
      tags: props.tags ? { ...props.tags } : undefined,
    });
    for (const [name, destinationFqdn] of Object.entries(props.outboundRules?.fqdn ?? {})) {
      this.outboundRules.push(new MachineLearningWorkspaceNetworkOutboundRuleFqdn(this, `outbound-fqdn-${name}`, { name, workspaceId: this.workspace.id, destinationFqdn }));
    }
    for (const [name, target] of Object.entries(props.outboundRules?.privateEndpoint ?? {})) {
      this.outboundRules.push(
        new MachineLearningWorkspaceNetworkOutboundRulePrivateEndpoint(this, `outbound-pe-${name}`, {
          name,
          workspaceId: this.workspace.id,
          serviceResourceId: target.resourceId,
          subResourceTarget: target.subresource,
        }),
      );
    }
    new ResourceInterfaces(this, "interfaces", { resourceId: this.workspace.id, placement: props, props, subresources: ["amlworkspace"] });
    // Rules added after the workspace was provisioned reach the managed network when it is provisioned again
    // (Learn: how-to-managed-network, "manually provision the managed network" before online deployments).
    this.networkReady =
      this.outboundRules.length === 0
        ? this.workspace
        : new AzapiResourceAction(this, "provision-managed-network", {
            type: WORKSPACE_ACTION_TYPE,
            resourceId: this.workspace.id,
            action: "provisionManagedNetwork",
            body: { includeSpark: false },
            dependsOn: [...this.outboundRules, ...(props.outboundRulesNeed ?? [])],
          });
  }
}
