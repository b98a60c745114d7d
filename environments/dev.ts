import type { EnvironmentInput } from "./schema/config";

/**
 * dev: the platform team's sandbox. De-identified synthetic data only, cheapest settings that still
 * exercise every code path (private AKS with a spot T4 pool, one Kubernetes-hosted online endpoint).
 * The IDs are placeholders: replace them with the dev subscription and tenant before the first deploy.
 */
export const dev: EnvironmentInput = {
  name: "dev",
  description: "Platform team sandbox; synthetic data only",
  subscriptionId: "00000000-0000-0000-0000-00000000d001",
  tenantId: "00000000-0000-0000-0000-0000000000aa",
  naming: { prefix: "fhi" },
  tags: { owner: "platform-team@hospital.example", costCenter: "CC-4410-AI", dataClassification: "internal" },
  stateBackend: { resourceGroupName: "rg-fhi-dev-tfstate", storageAccountName: "stfhidevtfstate" },
  deployer: {
    repository: "hospital-clinical-ai/frontier-health-infra",
    network: { addressSpace: "10.19.0.0/24", subnets: { runners: "10.19.0.0/25", privateEndpoints: "10.19.0.128/27" } },
    // The organization has GitHub Enterprise Cloud: its hosted runners join this network, no runner to maintain.
    runners: { kind: "github-hosted", githubBusinessId: "123456789", runnerGroup: "fhi-dev-deploy" },
  },
  protection: { resourceLocks: false, hsmBackedKeys: false, highBusinessImpact: false },
  observability: { logRetentionDays: 30 },
  modelServer: { release: "clinical-llm-mini-1" },
  regions: [
    {
      location: "eastus2",
      addressSpace: ["10.10.0.0/16"],
      subnets: {
        aksSystem: "10.10.0.0/22",
        aksGpu: "10.10.4.0/22",
        aksApiServer: "10.10.8.0/28",
        privateEndpoints: "10.10.9.0/24",
        modelIngress: "10.10.10.0/28",
      },
      aks: {
        skuTier: "Free",
        systemPool: { vmSize: "Standard_D4ds_v5", minCount: 1, maxCount: 3 },
        gpuPools: [
          { name: "gput4", vmSize: "Standard_NC8as_T4_v3", minCount: 0, maxCount: 2, spot: true, onCall: { minCount: 0, maxCount: 4 } },
        ],
        serving: {
          hostname: "model.dev.clinical-ai.hospital.internal",
          privateIp: "10.10.10.10",
          entraAudience: "api://fhi-clinical-model-dev",
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
          name: "fhi-llm-dev",
          description: "Clinical summarisation model, development builds",
          deployments: [
            {
              name: "blue",
              compute: { kind: "kubernetes", gpuPool: "gput4" },
              instanceCount: { min: 1, max: 2, default: 1 },
              onCall: { minCount: 0, maxCount: 4 },
              trafficPercent: 100,
              maxConcurrentRequestsPerInstance: 4,
            },
          ],
        },
      ],
    },
  ],
  keyVault: {
    secrets: [{ name: "inference-hmac-key", contentType: "application/octet-stream", maxAgeDays: 90, readers: ["model-server"] }],
  },
};
