import type { Rule } from "../engine/rule";
import { stateBackendReachable } from "./rules/reachability/state-backend";
import { keyVaultDataPlaneReachable } from "./rules/reachability/key-vault-data-plane";
import { storageDataPlaneReachable } from "./rules/reachability/storage-data-plane";
import { storageAccountDataPlanePolling } from "./rules/reachability/storage-account-polling";
import { kubernetesApiReachable } from "./rules/reachability/kubernetes-api";
import { apimPublicAccessAtCreation } from "./rules/create-time/apim-public-access";
import { apimPortalBlocksOnV2 } from "./rules/create-time/apim-v2-portal-blocks";
import { apimClientCertificatesOnConsumptionOnly } from "./rules/create-time/apim-client-certificates";
import { acrPremiumOnlySettings } from "./rules/create-time/acr-premium-features";
import { acrExportFromExportDisabledRegistry } from "./rules/create-time/acr-export-source";
import { amlManagedNetworkWithKubernetes } from "./rules/serving/aml-kubernetes-compute";
import { azureMlExtensionLocalAccounts } from "./rules/serving/aks-azureml-extension";
import { amlDeploymentMountsModel } from "./rules/serving/aml-deployment-model";
import { amlDeploymentEgressUnderManagedNetwork } from "./rules/serving/aml-deployment-egress";
import { amlOutboundRuleApprovable } from "./rules/serving/aml-outbound-approver";
import { amlDeploymentAfterManagedNetwork } from "./rules/serving/aml-deployment-after-network";
import { aksGpuWorkloadsFitTheirPool } from "./rules/serving/aks-gpu-workload-placement";
import { aksGpuPoolsHaveDevicePlugin } from "./rules/serving/aks-gpu-device-plugin";
import { aksFluxBlobSourceReadable } from "./rules/serving/aks-flux-blob-source";
import { grantsPropagateBeforeUse } from "./rules/ordering/grant-propagation";
import { resourceProviderRegistered } from "./rules/ordering/resource-provider-registered";
import { encryptionAtHostRegistered } from "./rules/ordering/encryption-at-host-feature";
import { armKeysAreCreateOnly } from "./rules/ordering/arm-key-create-only";
import { azurermSchemaConstraints } from "./rules/schema/azurerm-schema";

/** What would fail at apply time, or never serve: reachability from the runners, create-time constraints, serving, ordering, schema. */
export const PREFLIGHT_PACK: readonly Rule[] = [
  stateBackendReachable,
  keyVaultDataPlaneReachable,
  storageDataPlaneReachable,
  storageAccountDataPlanePolling,
  kubernetesApiReachable,
  apimPublicAccessAtCreation,
  apimPortalBlocksOnV2,
  apimClientCertificatesOnConsumptionOnly,
  acrPremiumOnlySettings,
  acrExportFromExportDisabledRegistry,
  amlManagedNetworkWithKubernetes,
  amlDeploymentMountsModel,
  amlDeploymentEgressUnderManagedNetwork,
  amlOutboundRuleApprovable,
  amlDeploymentAfterManagedNetwork,
  azureMlExtensionLocalAccounts,
  aksGpuWorkloadsFitTheirPool,
  aksGpuPoolsHaveDevicePlugin,
  aksFluxBlobSourceReadable,
  grantsPropagateBeforeUse,
  resourceProviderRegistered,
  encryptionAtHostRegistered,
  armKeysAreCreateOnly,
  azurermSchemaConstraints,
];
