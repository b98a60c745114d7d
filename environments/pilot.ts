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
  modelServer: { release: "clinical-llm-1" },
  // The trusted clinical environment takes a release once it has run in dev for a week and is clinically signed off.
  promotion: { after: "dev", minDaysServed: 7 },
  regions: [
    {
      location: "swedencentral",
      addressSpace: ["10.40.0.0/16"],
      subnets: {
        aksSystem: "10.40.0.0/22",
        aksGpu: "10.40.4.0/22",
        aksApiServer: "10.40.8.0/28",
        privateEndpoints: "10.40.9.0/24",
        modelIngress: "10.40.10.0/28",
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
          { name: "gpuh100", vmSize: "Standard_ND96isr_H100_v5", minCount: 1, maxCount: 2, onCall: { minCount: 0, maxCount: 3 } },
        ],
        serving: {
          hostname: "model.pilot.clinical-ai.hospital.internal",
          privateIp: "10.40.10.10",
          entraAudience: "api://fhi-clinical-model-pilot",
          tlsCertificateName: "model-router-tls",
          // Upstream images pinned by digest, imported into the environment's registry by the inference stack.
          // Placeholders like the model-server digest: replace with the digests of the reviewed versions.
          images: {
            router: "docker.io/envoyproxy/envoy@sha256:9c5b0a2f6e1d4c3b8a7f0e9d2c1b4a3f6e5d8c7b0a9f2e1d4c3b6a5f8e7d0c9b",
            devicePlugin: "nvcr.io/nvidia/k8s-device-plugin@sha256:1e4d7a0b3c6f9e2d5a8b1c4f7e0d3a6b9c2f5e8d1a4b7c0f3e6d9a2b5c8f1e4d",
          },
        },
      },
      endpoints: [
        {
          name: "fhi-llm-pilot",
          description: "Clinical summarisation model inside the trusted clinical environment",
          deployments: [
            {
              name: "blue",
              compute: { kind: "kubernetes", gpuPool: "gpuh100" },
              instanceCount: { min: 1, max: 2, default: 1 },
              onCall: { minCount: 0, maxCount: 3 },
              trafficPercent: 100,
              maxConcurrentRequestsPerInstance: 8,
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
