import type { ScrutinyRule } from "./rule";
import { anonymousAccess } from "./rules/anonymous-access";
import { customerManagedKey } from "./rules/customer-managed-key";
import { endpointAuthMode } from "./rules/endpoint-auth-mode";
import { highBusinessImpact } from "./rules/high-business-impact";
import { hostEncryption } from "./rules/host-encryption";
import { localAuth } from "./rules/local-auth";
import { managedNetwork } from "./rules/managed-network";
import { modelImage } from "./rules/model-image";
import { networkAclEntries } from "./rules/network-acl-entries";
import { networkDefaultAction } from "./rules/network-default-action";
import { nsgRule } from "./rules/nsg-rule";
import { privateCluster } from "./rules/private-cluster";
import { publicNetworkAccess } from "./rules/public-network-access";
import { purgeProtectionSoftDelete } from "./rules/purge-protection-soft-delete";
import { rbacAuthorization } from "./rules/rbac-authorization";
import { roleAssignment } from "./rules/role-assignment";
import { tlsMinimum } from "./rules/tls-minimum";
import { wafMode } from "./rules/waf-mode";
import { wafManagedRuleSets } from "./rules/waf-managed-rule-sets";
import { wafRateLimit } from "./rules/waf-rate-limit";
import { geographyFailover } from "./rules/geography-failover";
import { bodyLogging } from "./rules/body-logging";
import { llmLogging } from "./rules/llm-logging";
import { tokenLimit } from "./rules/token-limit";
import { resourceLock } from "./rules/resource-lock";
import { keyVaultSku } from "./rules/key-vault-sku";
import { logRetention } from "./rules/log-retention";
import { diagnosticSettings } from "./rules/diagnostic-settings";
import { releaseChange } from "./rules/release-change";
import { unprovenReleaseTraffic } from "./rules/unproven-release-traffic";
import { rolloutStep } from "./rules/rollout-step";
import { rolloutGates } from "./rules/rollout-gates";

/** Every scrutiny rule, in report order. Adding a rule: one file under rules/ and one line here. */
export const SCRUTINY_RULES: readonly ScrutinyRule[] = [
  publicNetworkAccess,
  privateCluster,
  networkDefaultAction,
  networkAclEntries,
  nsgRule,
  roleAssignment,
  purgeProtectionSoftDelete,
  resourceLock,
  keyVaultSku,
  logRetention,
  diagnosticSettings,
  rbacAuthorization,
  highBusinessImpact,
  customerManagedKey,
  hostEncryption,
  localAuth,
  anonymousAccess,
  tlsMinimum,
  managedNetwork,
  endpointAuthMode,
  wafMode,
  wafManagedRuleSets,
  wafRateLimit,
  geographyFailover,
  bodyLogging,
  llmLogging,
  tokenLimit,
  modelImage,
  releaseChange,
  unprovenReleaseTraffic,
  rolloutStep,
  rolloutGates,
];
