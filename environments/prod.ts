import type { EnvironmentInput } from "./schema/config";

/**
 * prod: the global managed API. Two regions, one per data-residency geography (US and EU); the model runs on
 * Azure ML managed GPU endpoints that are private, reached only through the public edge built for prod.
 * The IDs are placeholders for the production subscription and tenant.
 */
const modelDeployment = {
  name: "blue",
  compute: { kind: "managed", instanceType: "Standard_ND96isr_H100_v5" },
  instanceCount: { min: 2, max: 4, default: 2 },
  onCall: { minCount: 1, maxCount: 6 },
  trafficPercent: 100,
  maxConcurrentRequestsPerInstance: 8,
  autoscaleRules: [
    { metric: "GpuUtilizationPercentage", direction: "out", operator: "GreaterThan", threshold: 70, windowMinutes: 5, changeCount: 1, cooldownMinutes: 5 },
    { metric: "RequestLatency_P95", direction: "out", operator: "GreaterThan", threshold: 4000, windowMinutes: 5, changeCount: 1, cooldownMinutes: 5 },
    { metric: "GpuUtilizationPercentage", direction: "in", operator: "LessThan", threshold: 30, windowMinutes: 15, changeCount: 1, cooldownMinutes: 15 },
  ],
} as const satisfies NonNullable<EnvironmentInput["regions"][number]["endpoints"]>[number]["deployments"][number];

export const prod: EnvironmentInput = {
  name: "prod",
  description: "Global managed API for the clinical model; US and EU data-residency geographies",
  subscriptionId: "00000000-0000-0000-0000-00000000e001",
  tenantId: "00000000-0000-0000-0000-0000000000cc",
  naming: { prefix: "fhi" },
  tags: { owner: "clinical-ai-platform@hospital.example", costCenter: "CC-4420-API", dataClassification: "restricted-phi" },
  stateBackend: { resourceGroupName: "rg-fhi-prod-tfstate", storageAccountName: "stfhiprodtfstate" },
  deployer: {
    repository: "hospital-clinical-ai/frontier-health-infra",
    network: { addressSpace: "10.69.0.0/24", subnets: { runners: "10.69.0.0/25", privateEndpoints: "10.69.0.128/27" } },
    runners: { kind: "self-hosted", image: "ghcr.io/hospital-clinical-ai/fhi-deploy-runner@sha256:5d41402abc4b2a76b9719d911017c592ae1f6f6b8c4b7c2f1e0d9c8b7a6f5e4d" },
  },
  protection: { resourceLocks: true, hsmBackedKeys: true, highBusinessImpact: true, zoneRedundant: true },
  observability: { logRetentionDays: 365 },
  modelServer: { release: "clinical-llm-1" },
  // Patients worldwide get a release only after two weeks in the trusted clinical environment and its prod sign-off.
  promotion: { after: "pilot", minDaysServed: 14 },
  regions: [
    {
      location: "eastus2",
      addressSpace: ["10.60.0.0/16"],
      subnets: {
        aksSystem: "10.60.0.0/22",
        aksGpu: "10.60.4.0/22",
        aksApiServer: "10.60.8.0/28",
        privateEndpoints: "10.60.9.0/24",
        apiGateway: "10.60.11.0/24",
      },
      endpoints: [{ name: "fhi-llm-us", description: "Clinical model API, US geography", deployments: [modelDeployment] }],
    },
    {
      location: "swedencentral",
      addressSpace: ["10.61.0.0/16"],
      subnets: {
        aksSystem: "10.61.0.0/22",
        aksGpu: "10.61.4.0/22",
        aksApiServer: "10.61.8.0/28",
        privateEndpoints: "10.61.9.0/24",
        apiGateway: "10.61.11.0/24",
      },
      endpoints: [{ name: "fhi-llm-eu", description: "Clinical model API, EU geography", deployments: [modelDeployment] }],
    },
  ],
  keyVault: {
    secrets: [{ name: "inference-hmac-key", contentType: "application/octet-stream", maxAgeDays: 90, readers: ["model-server"] }],
  },
  api: {
    geographies: {
      us: { hostnames: ["us.api.clinical-ai.hospital.example"], regions: ["eastus2"] },
      eu: { hostnames: ["eu.api.clinical-ai.hospital.example"], regions: ["swedencentral"] },
    },
    entraId: { audience: "api://fhi-clinical-model" },
    products: [
      {
        name: "clinical-standard",
        displayName: "Clinical model, standard",
        tokensPerMinute: 20000,
        monthlyTokenQuota: 200000000,
        approvalRequired: true,
        subscriptions: [{ name: "regional-clinics", displayName: "Regional clinics" }],
      },
      { name: "clinical-research", displayName: "Clinical model, research", tokensPerMinute: 5000, monthlyTokenQuota: 20000000, approvalRequired: true },
    ],
    waf: { mode: "Prevention", rateLimitPerIpPerMinute: 600 },
    // Edge logs hold client IPs of both geographies; they are kept under the stricter (EU) regime.
    edgeLogsRegion: "swedencentral",
    gateway: { publisherName: "Clinical AI Platform", publisherEmail: "clinical-ai-platform@hospital.example" },
  },
};
