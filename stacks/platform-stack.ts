import type { Construct } from "constructs";
import type { DeclaredSecret, SECRET_READERS } from "../environments/schema/config";
import { ManagedIdentities, type IdentityReference, type ManagedIdentityProps } from "../constructs/identities/managed-identities";
import { KeyVault } from "../constructs/key-vault/key-vault";
import { EncryptionKey } from "../constructs/key-vault/encryption-key";
import { DiskEncryptionSet } from "../constructs/key-vault/disk-encryption-set";
import { ContainerRegistry } from "../constructs/container-registry/container-registry";
import { StorageAccount } from "../constructs/storage/storage-account";
import { VirtualNetworkFlowLog } from "../constructs/network/flow-log";
import { ResourceInterfaces } from "../constructs/shared/resource-interfaces";
import type { CustomerManagedKeyProps, RoleAssignments } from "../constructs/shared/interfaces";
import type { LeastPrivilegeRole, ServiceRequiredRole } from "../constructs/shared/roles";
import { hostsWorkspace, kubernetesEndpoint } from "../environments/schema/serving";
import { grantServiceRequiredRole } from "./service-roles";
import { RegionStack, type RegionStackProps } from "./region-stacks";
import { configureAzapiProvider } from "./environment-stack";
import { PropagationWait, ROLE_PROPAGATION } from "../constructs/time/sleep";
import type { NetworkStack, SubnetRole } from "./network-stack";

export interface PlatformStackProps extends RegionStackProps {
  readonly network: NetworkStack;
}

/** One user-assigned identity per workload role. */
export type IdentityRole = "aksControlPlane" | "kubelet" | "amlWorkspace" | "modelServer" | "cmkAccess" | "apiGateway" | "modelRouter" | "autoscaler";

/** Roles that exist only where their workload runs: the workspace, the cluster's router and autoscaler, the gateway. */
type OptionalIdentityRole = "amlWorkspace" | "apiGateway" | "modelRouter" | "autoscaler";

/**
 * Where Azure ML documents the roles its user-assigned workspace identity needs on the associated resources
 * (Contributor on each; Key Vault Administrator on the vault).
 */
export const AML_WORKSPACE_IDENTITY_ROLES_DOC = "Microsoft Learn, how-to-identity-based-service-authentication, 'User-assigned managed identity > Workspace'";

/** Which identity reads a secret declared in config. */
const SECRET_READER_IDENTITY: Record<(typeof SECRET_READERS)[number], IdentityRole> = {
  "model-server": "modelServer",
  "aml-workspace": "amlWorkspace",
  "api-gateway": "apiGateway",
};

/** Services whose data is encrypted with a key of ours; one key each, so one can be revoked alone. */
export type EncryptionKeyPurpose = "acr" | "storage" | "aml" | "disks";

export interface EncryptionKeyReference {
  /** Key ID with its version (Azure ML asks for this form). */
  readonly id: string;
  /** Key ID without version: services that follow rotation. */
  readonly versionlessId: string;
}

/** Subnets the AKS control plane must manage (join, load balancers, API server VNet integration). */
const AKS_SUBNETS = ["aksSystem", "aksGpu", "aksApiServer", "modelIngress"] as const satisfies readonly SubnetRole[];

/**
 * The services workloads rely on: identities, the Key Vault with the customer-managed keys and the disk
 * encryption set, the container registry, storage for Azure ML, and VNet flow logs (they need the CMK storage).
 */
export class PlatformStack extends RegionStack {
  readonly identities: Readonly<Partial<Record<IdentityRole, IdentityReference>>> & Readonly<Record<Exclude<IdentityRole, OptionalIdentityRole>, IdentityReference>>;
  readonly keyVaultId: string;
  readonly keyVaultUri: string;
  readonly encryptionKeys: Readonly<Record<EncryptionKeyPurpose, EncryptionKeyReference>>;
  readonly diskEncryptionSetId: string;
  readonly containerRegistryId: string;
  readonly containerRegistryLoginServer: string;
  /** Azure ML's default storage, where the region hosts a workspace. */
  readonly storageAccountId?: string;

  constructor(scope: Construct, props: PlatformStackProps) {
    super(scope, props, "platform");
    const { env, region, network } = props;
    const placement = { location: region.location, resourceGroupName: this.resourceGroup.name };
    const diagnostics = { workspaceId: network.logAnalytics.id };
    const lock = env.protection.resourceLocks ? {} : undefined;
    const privateEndpointSubnet = network.subnetIds.privateEndpoints;
    // Customer-managed keys are ARM resources written through azapi (constructs/key-vault/encryption-key.ts).
    configureAzapiProvider(this, env);
    const zones = network.privateDnsZoneIds;

    const workspace = hostsWorkspace(region);
    const clusterServing = kubernetesEndpoint(region) !== undefined;
    const roles = identityRoles(env.keyVault.secrets, { workspace, clusterServing, apiGateway: region.subnets.apiGateway !== undefined });
    const identityConfig = Object.fromEntries(roles.map((role) => [role, { name: this.names.managedIdentity(role) }])) as Record<IdentityRole, ManagedIdentityProps>;
    const identities = new ManagedIdentities(this, "identities", { ...placement, identities: identityConfig });
    const identity = (role: IdentityRole) => identities.reference(role);
    // The AKS identities exist in every region (the inference stack's types rely on them) but hold grants only
    // where the region runs a cluster.
    const hasCluster = region.aks !== undefined;

    const keyVault = new KeyVault(this, "key-vault", {
      ...placement,
      name: this.names.keyVault(),
      tenantId: env.tenantId,
      sku: env.protection.hsmBackedKeys ? "premium" : "standard",
      // Storage, the registry and the disk encryption set fetch our keys as trusted services.
      allowTrustedServices: true,
      privateEndpoint: { subnetId: privateEndpointSubnet, privateDnsZoneIds: { vault: zones.keyVault } },
      diagnostics,
      lock,
      roleAssignments: {
        "cmk-access": { principalId: identity("cmkAccess").principalId, roleDefinitionName: "Key Vault Crypto Service Encryption User" },
        ...secretReaderAssignments(env.keyVault.secrets, identity),
        // The router reads its TLS certificate as a secret: the only form that carries the private key.
        ...(clusterServing ? { "model-router-tls": { principalId: identity("modelRouter").principalId, roleDefinitionName: "Key Vault Secrets User" as const, description: "The model router's TLS certificate" } } : {}),
      },
    });
    // Storage, the registry, the disk encryption set and Azure ML read their key as cmkAccess when they are created:
    // only once the grant has propagated (RBAC is eventually consistent).
    const keyAccess = new PropagationWait(this, "cmk-access-propagated", { after: [keyVault.interfaces.roleAssignments["cmk-access"]], duration: ROLE_PROPAGATION });
    const keys = Object.fromEntries(
      (["acr", "storage", "aml", "disks"] as const).map((purpose) => [
        purpose,
        new EncryptionKey(this, `cmk-${purpose}`, { name: `cmk-${purpose}`, keyVaultId: keyVault.vault.id, hsmBacked: env.protection.hsmBackedKeys }),
      ]),
    ) as Record<EncryptionKeyPurpose, EncryptionKey>;
    const cmk = (purpose: EncryptionKeyPurpose): CustomerManagedKeyProps => ({
      keyVaultKeyId: keys[purpose].versionlessId,
      identityId: identity("cmkAccess").id,
      identityClientId: identity("cmkAccess").clientId,
      dependsOn: [keyAccess],
    });

    const diskEncryption = new DiskEncryptionSet(this, "disk-encryption-set", { ...placement, name: this.names.diskEncryptionSet(), customerManagedKey: cmk("disks"), lock });

    const registry = new ContainerRegistry(this, "container-registry", {
      ...placement,
      name: this.names.containerRegistry(),
      // ARM's importImage brings images in by digest; into a registry without public access only as a trusted
      // service (Learn: container-registry-import-images, "Import to or from a network-restricted registry").
      allowTrustedServices: true,
      zoneRedundant: env.protection.zoneRedundant,
      customerManagedKey: cmk("acr"),
      privateEndpoint: { subnetId: privateEndpointSubnet, privateDnsZoneIds: { registry: zones.acr } },
      diagnostics,
      lock,
      roleAssignments: {
        ...(hasCluster ? { "kubelet-pull": { principalId: identity("kubelet").principalId, roleDefinitionName: "AcrPull" as const } } : {}),
      },
    });

    const replication = env.protection.zoneRedundant ? "ZRS" : "LRS";
    const mlStorage = workspace
      ? new StorageAccount(this, "ml-storage", {
          ...placement,
          name: this.names.storageAccount("ml"),
          replication,
          customerManagedKey: cmk("storage"),
          privateEndpoint: { subnetId: privateEndpointSubnet, privateDnsZoneIds: { blob: zones.blob, file: zones.file } },
          diagnostics,
          lock,
          roleAssignments: {
            "aml-workspace-blob": { principalId: identity("amlWorkspace").principalId, roleDefinitionName: "Storage Blob Data Contributor" },
            "aml-workspace-file": { principalId: identity("amlWorkspace").principalId, roleDefinitionName: "Storage File Data Privileged Contributor" },
          },
        })
      : undefined;
    if (workspace && mlStorage) {
      const principalId = identity("amlWorkspace").principalId;
      const grants: [string, string, ServiceRequiredRole][] = [
        ["storage", mlStorage.account.id, "Contributor"],
        ["registry", registry.registry.id, "Contributor"],
        ["key-vault", keyVault.vault.id, "Contributor"],
        ["key-vault-data", keyVault.vault.id, "Key Vault Administrator"],
      ];
      for (const [id, scope, role] of grants) {
        grantServiceRequiredRole(this, `aml-workspace-${id}`, { scope, principalId, role, documentedBy: AML_WORKSPACE_IDENTITY_ROLES_DOC });
      }
    }

    const flowLogStorage = new StorageAccount(this, "flow-log-storage", {
      ...placement,
      // Two letters like "ml", so the length validation checks on the ml account's name holds for this one too.
      name: this.names.storageAccount("fl"),
      replication,
      customerManagedKey: cmk("storage"),
      // Network Watcher writes flow logs as a trusted service.
      allowTrustedServices: true,
      privateEndpointSubresources: ["blob"],
      privateEndpoint: { subnetId: privateEndpointSubnet, privateDnsZoneIds: { blob: zones.blob } },
      diagnostics,
      lock,
    });
    new VirtualNetworkFlowLog(this, "flow-log", {
      name: `fl-${this.names.virtualNetwork()}`,
      location: region.location,
      virtualNetworkId: network.virtualNetworkId,
      storageAccountId: flowLogStorage.account.id,
      // Flow logs are the network audit trail: at least 90 days in every environment, whatever its log retention
      // (FHI-NET-006; the storage cost in dev is negligible). Flow log retention stops at 365 days; Log Analytics
      // keeps traffic analytics as long as configured.
      retentionDays: Math.min(Math.max(env.observability.logRetentionDays, 90), 365),
      workspace: { resourceId: network.logAnalytics.id, workspaceId: network.logAnalytics.workspaceId, location: network.logAnalytics.location },
    });

    if (hasCluster) this.grantAksControlPlane(network, identity("aksControlPlane").principalId, identities.identities.kubelet.id);

    this.identities = Object.fromEntries(roles.map((role) => [role, identity(role)])) as PlatformStack["identities"];
    this.keyVaultId = keyVault.vault.id;
    this.keyVaultUri = keyVault.vault.vaultUri;
    this.encryptionKeys = Object.fromEntries(
      Object.entries(keys).map(([purpose, key]) => [purpose, { id: key.versionedId, versionlessId: key.versionlessId }]),
    ) as Record<EncryptionKeyPurpose, EncryptionKeyReference>;
    this.diskEncryptionSetId = diskEncryption.diskEncryptionSet.id;
    this.containerRegistryId = registry.registry.id;
    this.containerRegistryLoginServer = registry.registry.loginServer;
    this.storageAccountId = mlStorage?.account.id;
  }

  /**
   * Bring-your-own network and identity: the AKS control plane joins its subnets, uses the route table, writes its
   * private DNS zone and hands the kubelet identity to nodes.
   */
  private grantAksControlPlane(network: NetworkStack, principalId: string, kubeletId: string): void {
    const grants: [string, string, LeastPrivilegeRole][] = [
      ["kubelet-identity", kubeletId, "Managed Identity Operator"],
      // modelIngress holds the router's internal load balancer frontend (Learn: internal-lb, the cluster identity
      // needs Network Contributor on the subnet of a load balancer's address).
      ...AKS_SUBNETS.flatMap((role): [string, string, LeastPrivilegeRole][] => {
        const subnetId = network.subnetIds[role];
        return subnetId === undefined ? [] : [[`subnet-${role}`, subnetId, "Network Contributor"]];
      }),
    ];
    if (network.routeTableId) grants.push(["route-table", network.routeTableId, "Network Contributor"]);
    // A hub's zone is the hub team's to grant.
    if (network.ownedPrivateDnsZoneKeys.includes("aks")) grants.push(["aks-dns-zone", network.privateDnsZoneIds.aks, "Private DNS Zone Contributor"]);
    for (const [id, resourceId, roleDefinitionName] of grants) {
      new ResourceInterfaces(this, `aks-control-plane-${id}`, {
        resourceId,
        placement: { name: id, location: this.region.location, resourceGroupName: this.resourceGroup.name },
        props: { roleAssignments: { "aks-control-plane": { principalId, roleDefinitionName } } },
      });
    }
  }

}

/**
 * The identity roles a region needs: the workspace's where it hosts one, the router's and autoscaler's where its
 * cluster serves a model, the API gateway's where there is a gateway or a secret it reads.
 */
function identityRoles(secrets: readonly DeclaredSecret[], serving: { workspace: boolean; clusterServing: boolean; apiGateway: boolean }): IdentityRole[] {
  const readers = new Set(secrets.flatMap((secret) => secret.readers));
  const optional: [OptionalIdentityRole, boolean][] = [
    ["amlWorkspace", serving.workspace || readers.has("aml-workspace")],
    ["modelRouter", serving.clusterServing],
    ["autoscaler", serving.clusterServing],
    ["apiGateway", serving.apiGateway || readers.has("api-gateway")],
  ];
  return ["aksControlPlane", "kubelet", "modelServer", "cmkAccess", ...optional.filter(([, needed]) => needed).map(([role]) => role)];
}

/**
 * Secrets are never created here (their values must not enter Terraform state): each reader identity gets
 * Key Vault Secrets User on the vault, once however many secrets it reads.
 */
function secretReaderAssignments(secrets: readonly DeclaredSecret[], identity: (role: IdentityRole) => IdentityReference): RoleAssignments {
  const readers = new Set(secrets.flatMap((secret) => secret.readers.map((reader) => SECRET_READER_IDENTITY[reader])));
  return Object.fromEntries(
    [...readers].sort().map((role) => [
      `secrets-${role}`,
      {
        principalId: identity(role).principalId,
        roleDefinitionName: "Key Vault Secrets User",
        description: `Reads ${secrets.filter((secret) => secret.readers.some((reader) => SECRET_READER_IDENTITY[reader] === role)).map((secret) => secret.name).join(", ")}`,
      },
    ]),
  );
}
