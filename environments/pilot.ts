import type { EnvironmentInput } from "./schema/config";

/**
 * pilot: the hospital's trusted clinical environment. One region, a spoke peered to the hospital's existing
 * hub; all egress leaves through the hub firewall. Endpoints run on the private AKS GPU cluster, inside
 * the trusted network. The IDs are placeholders for the hospital's subscription, tenant and hub.
 */
export const pilot: EnvironmentInput = {
  name: "pilot",
  description: "Hospital trusted clinical environment (TCE); real patient context, clinicians as users",
  subscriptionId: "00000000-0000-0000-0000-00000000b001",
  tenantId: "00000000-0000-0000-0000-0000000000bb",
  naming: { prefix: "fhi" },
  tags: { owner: "clinical-ai-platform@hospital.example", costCenter: "CC-4410-AI", dataClassification: "restricted-phi" },
  stateBackend: { resourceGroupName: "rg-fhi-pilot-tfstate", storageAccountName: "stfhipilottfstate" },
  deployer: {
    repository: "hospital-clinical-ai/frontier-health-infra",
    // Peered to the hub like the spoke; its egress (GitHub, Azure, registries) leaves through the hub firewall.
    network: { addressSpace: "10.49.0.0/24", subnets: { runners: "10.49.0.0/25", privateEndpoints: "10.49.0.128/27" } },
    runners: { kind: "self-hosted", image: "ghcr.io/hospital-clinical-ai/fhi-deploy-runner@sha256:5d41402abc4b2a76b9719d911017c592ae1f6f6b8c4b7c2f1e0d9c8b7a6f5e4d" },
  },
  protection: { resourceLocks: true, hsmBackedKeys: true, highBusinessImpact: true },
  observability: { logRetentionDays: 365 },
  modelServer: {
    image: { repository: "model-server", digest: "sha256:3b1f0c2a9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a" },
  },
  regions: [
    {
      location: "swedencentral",
      addressSpace: ["10.40.0.0/16"],
      subnets: {
        aksSystem: "10.40.0.0/22",
        aksGpu: "10.40.4.0/22",
        aksApiServer: "10.40.8.0/28",
        privateEndpoints: "10.40.9.0/24",
        amlCompute: "10.40.10.0/24",
      },
      hub: {
        vnetId: "/subscriptions/00000000-0000-0000-0000-00000000c0de/resourceGroups/rg-hub-network/providers/Microsoft.Network/virtualNetworks/vnet-hub-sdc",
        addressSpace: ["10.0.0.0/16"],
        firewallPrivateIp: "10.0.1.4",
      },
      aks: {
        skuTier: "Standard",
        systemPool: { vmSize: "Standard_D4ds_v5", minCount: 3, maxCount: 5 },
        gpuPools: [
          { name: "gpua100", vmSize: "Standard_NC24ads_A100_v4", minCount: 1, maxCount: 4, onCall: { minCount: 0, maxCount: 6 } },
        ],
      },
      endpoints: [
        {
          name: "fhi-llm-pilot",
          description: "Clinical summarisation model inside the trusted clinical environment",
          deployments: [
            {
              name: "blue",
              compute: { kind: "kubernetes", gpuPool: "gpua100" },
              instanceCount: { min: 1, max: 4, default: 1 },
              onCall: { minCount: 0, maxCount: 6 },
              trafficPercent: 100,
              targetUtilization: { targetPercent: 70 },
            },
          ],
        },
      ],
    },
  ],
  keyVault: {
    secrets: [
      { name: "inference-hmac-key", contentType: "application/octet-stream", maxAgeDays: 90, readers: ["model-server"] },
      { name: "fhir-gateway-client-secret", contentType: "text/plain", maxAgeDays: 180, readers: ["model-server"] },
    ],
  },
};
