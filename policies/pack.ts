import type { Rule } from "./engine/rule";
import { aksPrivateCluster } from "./rules/aks/private-cluster";
import { aksKubernetesRbac } from "./rules/aks/kubernetes-rbac";
import { aksEntraRbac } from "./rules/aks/entra-rbac";
import { aksLocalAccountsDisabled } from "./rules/aks/local-accounts";
import { aksNetworkPolicy } from "./rules/aks/network-policy";
import { aksPolicyAddon } from "./rules/aks/policy-addon";
import { aksApiServerRestricted } from "./rules/aks/api-server-access";
import { aksNodePublicIp } from "./rules/aks/node-public-ip";
import { aksHostEncryption } from "./rules/aks/host-encryption";
import { aksDiskEncryptionSet } from "./rules/aks/disk-encryption-set";
import { aksMonitoring } from "./rules/aks/monitoring";
import { aksUpgradeChannel } from "./rules/aks/upgrade-channel";
import { aksEphemeralOsDisk } from "./rules/aks/ephemeral-os-disk";
import { aksCriticalAddonsOnly } from "./rules/aks/critical-addons-only";
import { aksHttpApplicationRouting } from "./rules/aks/http-application-routing";
import { aksPaidSku } from "./rules/aks/paid-sku";
import { aksDefender } from "./rules/aks/defender";
import { aksWorkloadIdentity } from "./rules/aks/workload-identity";
import { aksAzureCni } from "./rules/aks/azure-cni";
import { aksSecretRotation } from "./rules/aks/secret-rotation";
import { aksNodeOsUpgradeChannel } from "./rules/aks/node-os-upgrade-channel";
import { aksNodePoolPublicIp } from "./rules/aks/node-pool-public-ip";
import { aksNodePoolHostEncryption } from "./rules/aks/node-pool-host-encryption";
import { aksNodePoolSubnet } from "./rules/aks/node-pool-subnet";
import { keyVaultPurgeProtection } from "./rules/keyvault/purge-protection";
import { keyVaultSoftDelete } from "./rules/keyvault/soft-delete";
import { keyVaultRbacAuthorization } from "./rules/keyvault/rbac-authorization";
import { keyVaultPublicNetworkAccess } from "./rules/keyvault/public-network-access";
import { keyVaultNetworkAcls } from "./rules/keyvault/network-acls";
import { keyVaultPrivateEndpoint } from "./rules/keyvault/private-endpoint";
import { keyVaultKeyExpiration } from "./rules/keyvault/key-expiration";
import { keyVaultKeyRotation } from "./rules/keyvault/key-rotation";
import { keyVaultKeyHsm } from "./rules/keyvault/key-hsm";
import { keyVaultKeySize } from "./rules/keyvault/key-size";
import { keyVaultSecretExpiration } from "./rules/keyvault/secret-expiration";
import { keyVaultSecretContentType } from "./rules/keyvault/secret-content-type";
import { keyVaultSecretValueInCode } from "./rules/keyvault/secret-value-in-code";
import { acrAdminUserDisabled } from "./rules/acr/admin-user";
import { acrAnonymousPullDisabled } from "./rules/acr/anonymous-pull";
import { acrPublicNetworkAccess } from "./rules/acr/public-network-access";
import { acrPremiumSku } from "./rules/acr/premium-sku";
import { acrCustomerManagedKey } from "./rules/acr/customer-managed-key";
import { acrRetentionPolicy } from "./rules/acr/retention";
import { acrPrivateEndpoint } from "./rules/acr/private-endpoint";
import { acrExportDisabled } from "./rules/acr/export-policy";
import { acrPushScope } from "./rules/acr/push-scope";
import { storageHttpsOnly } from "./rules/storage/https-only";
import { storageMinTls } from "./rules/storage/min-tls";
import { storagePublicNetworkAccess } from "./rules/storage/public-network-access";
import { storageNetworkDefaultDeny } from "./rules/storage/network-default-deny";
import { storageBlobPublicAccess } from "./rules/storage/blob-public-access";
import { storageSharedKeyDisabled } from "./rules/storage/shared-key";
import { storageBlobSoftDelete } from "./rules/storage/blob-soft-delete";
import { storageContainerSoftDelete } from "./rules/storage/container-soft-delete";
import { storageCustomerManagedKey } from "./rules/storage/customer-managed-key";
import { storagePrivateEndpoint } from "./rules/storage/private-endpoint";
import { storageInfrastructureEncryption } from "./rules/storage/infrastructure-encryption";
import { storageLocalUsersDisabled } from "./rules/storage/local-users";
import { storageContainerPrivate } from "./rules/storage/container-private";
import { storageCrossTenantReplication } from "./rules/storage/cross-tenant-replication";
import { storageOauthDefault } from "./rules/storage/oauth-default";
import { storageBlobVersioning } from "./rules/storage/blob-versioning";
import { amlWorkspacePublicAccess } from "./rules/aml/public-access";
import { amlManagedNetwork } from "./rules/aml/managed-network";
import { amlApprovedOutboundOnly } from "./rules/aml/approved-outbound";
import { amlHighBusinessImpact } from "./rules/aml/high-business-impact";
import { amlCustomerManagedKey } from "./rules/aml/customer-managed-key";
import { amlWorkspacePrivateEndpoint } from "./rules/aml/private-endpoint";
import { amlComputeLocalAuth } from "./rules/aml/compute-local-auth";
import { amlComputeMinNodes } from "./rules/aml/compute-min-nodes";
import { amlComputePublicIp } from "./rules/aml/compute-public-ip";
import { onlineEndpointPublicAccess } from "./rules/endpoint/public-access";
import { onlineEndpointAuthMode } from "./rules/endpoint/auth-mode";
import { onlineDeploymentEgress } from "./rules/endpoint/deployment-egress";
import { frontDoorWafOnEveryDomain } from "./rules/frontdoor/waf-on-every-domain";
import { frontDoorWafPrevention } from "./rules/frontdoor/waf-prevention-mode";
import { frontDoorWafManagedRules } from "./rules/frontdoor/waf-managed-rules";
import { frontDoorHttpsOnlyRoute } from "./rules/frontdoor/https-only-route";
import { frontDoorCustomDomainTls } from "./rules/frontdoor/custom-domain-tls";
import { frontDoorOriginGroupResidency } from "./rules/frontdoor/origin-group-residency";
import { apimPublicNetworkAccess } from "./rules/apim/public-network-access";
import { apimLegacyProtocols } from "./rules/apim/legacy-protocols";
import { apimManagedIdentity } from "./rules/apim/managed-identity";
import { apimDiagnosticsNoBodies } from "./rules/apim/diagnostics-no-bodies";
import { apimDiagnosticsNoLlmLogs } from "./rules/apim/diagnostics-no-llm-logs";
import { apimHttpsOnly } from "./rules/apim/https-backends";
import { subnetHasNsg } from "./rules/network/subnet-nsg";
import { privateEndpointDns } from "./rules/network/private-endpoint-dns";
import { nicIpForwarding } from "./rules/network/nic-ip-forwarding";
import { nicPublicIp } from "./rules/network/nic-public-ip";
import { vnetFlowLogs } from "./rules/network/vnet-flow-logs";
import { flowLogRetention } from "./rules/network/flow-log-retention";
import { nsgSshFromInternet } from "./rules/network/ssh-from-internet";
import { nsgRdpFromInternet } from "./rules/network/rdp-from-internet";
import { nsgHttpFromInternet } from "./rules/network/http-from-internet";
import { nsgAllPortsFromInternet } from "./rules/network/all-ports-from-internet";
import { nsgUdpFromInternet } from "./rules/network/udp-from-internet";
import { nsgSensitivePortsFromInternet } from "./rules/network/sensitive-ports-from-internet";
import { nsgInboundFromInternet } from "./rules/network/inbound-from-internet";
import { privilegedRoleAssignment } from "./rules/identity/privileged-role-assignment";
import { customRoleWildcard } from "./rules/identity/custom-role-wildcard";
import { customRoleEscalation } from "./rules/identity/custom-role-escalation";
import { logAnalyticsLocalAuth } from "./rules/monitor/log-analytics-local-auth";
import { logAnalyticsPublicIngestion } from "./rules/monitor/log-analytics-ingestion";
import { logAnalyticsPublicQuery } from "./rules/monitor/log-analytics-query";
import { logAnalyticsRetention } from "./rules/monitor/log-retention";
import { appInsightsLocalAuth } from "./rules/monitor/app-insights-local-auth";
import { appInsightsPublicIngestion } from "./rules/monitor/app-insights-ingestion";
import { appInsightsWorkspaceBased } from "./rules/monitor/app-insights-workspace";
import { diagnosticSettings } from "./rules/monitor/diagnostic-settings";
import { diagnosticSettingWorkspace } from "./rules/monitor/diagnostic-logs";
import { activityLogProfile } from "./rules/monitor/activity-log-profile";
import { statefulDeleteLock } from "./rules/lock/delete-lock";
import { requiredTags } from "./rules/tags/required-tags";
import { dataClassificationTag } from "./rules/tags/data-classification";
import { linuxVmPasswordAuthentication } from "./rules/vm/password-authentication";
import { vmEncryptionAtHost } from "./rules/vm/encryption-at-host";

/** Version of the pack reported in SARIF; bump when rules change meaning. */
export const PACK_VERSION = "1.1.0";

/**
 * The HIPAA-aligned Azure pack: every rule, in catalog order (by service, then ID). A rule is added by
 * creating its file under policies/rules/<service>/ and listing it here; a test fails if one is left out.
 */
export const HIPAA_AZURE_PACK: readonly Rule[] = [
  aksPrivateCluster,
  aksKubernetesRbac,
  aksEntraRbac,
  aksLocalAccountsDisabled,
  aksNetworkPolicy,
  aksPolicyAddon,
  aksApiServerRestricted,
  aksNodePublicIp,
  aksHostEncryption,
  aksDiskEncryptionSet,
  aksMonitoring,
  aksUpgradeChannel,
  aksEphemeralOsDisk,
  aksCriticalAddonsOnly,
  aksHttpApplicationRouting,
  aksPaidSku,
  aksDefender,
  aksWorkloadIdentity,
  aksAzureCni,
  aksSecretRotation,
  aksNodeOsUpgradeChannel,
  aksNodePoolPublicIp,
  aksNodePoolHostEncryption,
  aksNodePoolSubnet,
  keyVaultPurgeProtection,
  keyVaultSoftDelete,
  keyVaultRbacAuthorization,
  keyVaultPublicNetworkAccess,
  keyVaultNetworkAcls,
  keyVaultPrivateEndpoint,
  keyVaultKeyExpiration,
  keyVaultKeyRotation,
  keyVaultKeyHsm,
  keyVaultKeySize,
  keyVaultSecretExpiration,
  keyVaultSecretContentType,
  keyVaultSecretValueInCode,
  acrAdminUserDisabled,
  acrAnonymousPullDisabled,
  acrPublicNetworkAccess,
  acrPremiumSku,
  acrCustomerManagedKey,
  acrRetentionPolicy,
  acrPrivateEndpoint,
  acrExportDisabled,
  acrPushScope,
  storageHttpsOnly,
  storageMinTls,
  storagePublicNetworkAccess,
  storageNetworkDefaultDeny,
  storageBlobPublicAccess,
  storageSharedKeyDisabled,
  storageBlobSoftDelete,
  storageContainerSoftDelete,
  storageCustomerManagedKey,
  storagePrivateEndpoint,
  storageInfrastructureEncryption,
  storageLocalUsersDisabled,
  storageContainerPrivate,
  storageCrossTenantReplication,
  storageOauthDefault,
  storageBlobVersioning,
  amlWorkspacePublicAccess,
  amlManagedNetwork,
  amlApprovedOutboundOnly,
  amlHighBusinessImpact,
  amlCustomerManagedKey,
  amlWorkspacePrivateEndpoint,
  amlComputeLocalAuth,
  amlComputeMinNodes,
  amlComputePublicIp,
  onlineEndpointPublicAccess,
  onlineEndpointAuthMode,
  onlineDeploymentEgress,
  frontDoorWafOnEveryDomain,
  frontDoorWafPrevention,
  frontDoorWafManagedRules,
  frontDoorHttpsOnlyRoute,
  frontDoorCustomDomainTls,
  frontDoorOriginGroupResidency,
  apimPublicNetworkAccess,
  apimLegacyProtocols,
  apimManagedIdentity,
  apimDiagnosticsNoBodies,
  apimDiagnosticsNoLlmLogs,
  apimHttpsOnly,
  subnetHasNsg,
  privateEndpointDns,
  nicIpForwarding,
  nicPublicIp,
  vnetFlowLogs,
  flowLogRetention,
  nsgSshFromInternet,
  nsgRdpFromInternet,
  nsgHttpFromInternet,
  nsgAllPortsFromInternet,
  nsgUdpFromInternet,
  nsgSensitivePortsFromInternet,
  nsgInboundFromInternet,
  privilegedRoleAssignment,
  customRoleWildcard,
  customRoleEscalation,
  logAnalyticsLocalAuth,
  logAnalyticsPublicIngestion,
  logAnalyticsPublicQuery,
  logAnalyticsRetention,
  appInsightsLocalAuth,
  appInsightsPublicIngestion,
  appInsightsWorkspaceBased,
  diagnosticSettings,
  diagnosticSettingWorkspace,
  activityLogProfile,
  statefulDeleteLock,
  requiredTags,
  dataClassificationTag,
  linuxVmPasswordAuthentication,
  vmEncryptionAtHost,
];
