/**
 * The one description of an environment: shape, defaults and types come from this schema, so they cannot
 * drift apart. Rules that need more than one field (address overlap, bounds, names after naming) live in
 * `validate.ts` and run on the parsed value; this file only says what a well-formed value looks like.
 */
import { z } from "zod";
import { REGION_CODES, type RegionName } from "./regions";
import { checkDeployment, checkEnvironment, checkGpuPool, checkRegion } from "./checks";
import { checkDeployerNetwork, checkDeployerPlacement } from "./deployer-checks";
import { apiConfig } from "./api";
import { cidr, ipv4 } from "./addresses";
import { checkApiPlacement } from "./api-checks";
import { gpuBudget } from "./model";
import { releaseId, RELEASE_ENVIRONMENTS, type Release } from "./release";
import { rolloutPlan } from "./rollout";
import { checkEndpointRollout } from "./rollout-checks";

const guid = z.guid({ error: "must be a GUID such as 00000000-0000-0000-0000-000000000000" });

const armId = (what: string, example: string) =>
  z.string().regex(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/.+$/i, {
    error: `must be the Azure resource ID of ${what}. Fix: use the form ${example}`,
  });

const region = z.enum(Object.keys(REGION_CODES) as [RegionName, ...RegionName[]], {
  error: (issue) =>
    `"${String(issue.input)}" is not a region we know. Fix: use one of ${Object.keys(REGION_CODES).join(", ")} (or add it to environments/schema/regions.ts)`,
});

const positiveInt = z.number().int().positive();
const count = z.number().int().min(0);

/** Bounds that on-call staff may scale a pool to with `fhi gpu scale`, whatever the config says today. */
export const onCallBounds = z.object({
  minCount: count,
  maxCount: positiveInt,
});

/** A container image by digest in any registry: `<registry host>/<repository>@sha256:<64 hex>`; tags move, digests do not. */
const imageByDigest = z.string().regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*(?::\d+)?(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)+@sha256:[a-f0-9]{64}$/, {
  error: "must be an image by digest, <registry>/<repository>@sha256:<64 hex>. Fix: take the digest from the push output; tags are not accepted",
});

export const modelServer = z.object({
  /**
   * The release every deployment runs unless it names its own (releases/<id>.ts): the image by digest and the model.
   * It must be proven for this environment (`promotion`).
   */
  release: releaseId,
  /** How much of the GPUs the server takes and the margin the model's fit must leave (`model-fit.ts`). */
  gpuBudget: gpuBudget.prefault({}),
  port: z.number().int().min(1).max(65535).default(8000),
  routes: z
    .object({
      liveness: z.string().startsWith("/").default("/health"),
      readiness: z.string().startsWith("/").default("/health"),
      scoring: z.string().startsWith("/").default("/v1/chat/completions"),
    })
    .prefault({}),
});

/** AKS node pool names: lowercase letters and digits, starting with a letter, at most 12 characters (Linux pools). */
const nodePoolName = z.string().regex(/^[a-z][a-z0-9]{0,11}$/, {
  error: "must be 1-12 lowercase letters or digits starting with a letter (AKS Linux node pool names). Fix: shorten it, e.g. gpua100",
});

export const gpuPool = z.object({
  name: nodePoolName,
  vmSize: z.string().min(1),
  minCount: count,
  maxCount: positiveInt,
  /** Spot capacity can be evicted at any time: acceptable for dev experiments, never for serving patients. */
  spot: z.boolean().default(false),
  onCall: onCallBounds,
  labels: z.record(z.string(), z.string()).default({}),
}).superRefine(checkGpuPool);

export const systemPool = z.object({
  vmSize: z.string().default("Standard_D4ds_v5"),
  minCount: positiveInt.default(2),
  maxCount: positiveInt.default(5),
});

/** CPU nodes for the Azure ML extension's router and operators, which tolerate neither the system nor the GPU taint. */
export const servicePool = z.object({
  vmSize: z.string().default("Standard_D4ds_v5"),
  minCount: positiveInt.default(2),
  maxCount: positiveInt.default(4),
});

export const autoscalerProfile = z.object({
  expander: z.enum(["least-waste", "priority", "most-pods", "random"]).default("least-waste"),
  scaleDownDelayAfterAddMinutes: positiveInt.default(30),
  scaleDownUnneededMinutes: positiveInt.default(30),
  scaleDownUtilizationThreshold: z.number().gt(0).lt(1).default(0.5),
  maxNodeProvisioningMinutes: positiveInt.default(30),
});

export const maintenanceWindow = z.object({
  dayOfWeek: z.enum(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]).default("Sunday"),
  startHourUtc: z.number().int().min(0).max(23).default(2),
  durationHours: z.number().int().min(4).max(24).default(4),
});

/**
 * How clients in the trusted network reach the models a cluster serves: an internal load balancer on a fixed address
 * in `subnets.modelIngress`, a host name in a private DNS zone, TLS with a certificate from Key Vault, and Entra ID
 * tokens for one audience (docs/adr/0003-gpu-serving.md).
 */
export const clusterServing = z.object({
  /** The name clients call, e.g. model.pilot.clinical-ai.hospital.internal; its parent domain becomes a private DNS zone linked to the spoke. */
  hostname: z.string().regex(/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){2,}[a-z][a-z0-9-]{0,61}[a-z0-9]$/, {
    error: "must be a lowercase DNS name of at least three labels, e.g. model.pilot.clinical-ai.hospital.internal",
  }),
  /** The router's internal load balancer address, inside subnets.modelIngress. */
  privateIp: ipv4,
  /** The Entra ID application (ID URI or client ID) client tokens must be issued for. */
  entraAudience: z.string().min(1),
  /**
   * Key Vault certificate (in the region's vault) with the host name's TLS certificate, issued by the hospital's
   * PKI and imported by its owners: never created here, so no private key enters Terraform state.
   */
  tlsCertificateName: z.string().regex(/^[a-zA-Z0-9-]{1,127}$/, { error: "must be 1-127 letters, digits or hyphens (Key Vault certificate names)" }),
  /** Router replicas, spread over zones. Default 2. */
  routerReplicas: z.number().int().min(1).max(6).default(2),
  /** Upstream images the cluster runs besides the model server, imported by digest into the environment's registry. */
  images: z.object({
    /** Envoy, the model router: TLS, Entra ID token validation, the split between deployments. */
    router: imageByDigest,
    /** NVIDIA's device plugin, which AKS does not install (Learn: use-nvidia-gpu). */
    devicePlugin: imageByDigest,
  }),
});

export const aksCluster = z.object({
  skuTier: z.enum(["Free", "Standard", "Premium"]).default("Standard"),
  kubernetesVersion: z.string().regex(/^\d+\.\d+(\.\d+)?$/).optional(),
  podCidr: cidr.default("192.168.0.0/16"),
  serviceCidr: cidr.default("172.16.0.0/16"),
  dnsServiceIp: ipv4.default("172.16.0.10"),
  systemPool: systemPool.prefault({}),
  servicePool: servicePool.prefault({}),
  gpuPools: z.array(gpuPool).min(1, { error: "needs at least one GPU pool. Fix: add one, or remove `aks` from this region" }),
  autoscaler: autoscalerProfile.prefault({}),
  maintenance: maintenanceWindow.prefault({}),
  /** How the cluster's models are reached; required when the region has Kubernetes endpoints. */
  serving: clusterServing.optional(),
});

export const MANAGED_DEPLOYMENT_METRICS = [
  "GpuUtilizationPercentage",
  "GpuMemoryUtilizationPercentage",
  "CpuUtilizationPercentage",
  "RequestLatency_P95",
  "RequestsPerMinute",
  "DeploymentCapacity",
] as const;

export const autoscaleRule = z.object({
  metric: z.enum(MANAGED_DEPLOYMENT_METRICS, {
    error: `must be a metric Azure ML emits for online deployments. Fix: use one of ${MANAGED_DEPLOYMENT_METRICS.join(", ")}`,
  }),
  direction: z.enum(["out", "in"]),
  operator: z.enum(["GreaterThan", "GreaterThanOrEqual", "LessThan", "LessThanOrEqual"]),
  threshold: z.number(),
  statistic: z.enum(["Average", "Max", "Min"]).default("Average"),
  windowMinutes: z.number().int().min(1).max(720).default(5),
  changeCount: positiveInt.default(1),
  cooldownMinutes: z.number().int().min(1).max(10080).default(5),
});

const managedCompute = z.object({
  kind: z.literal("managed"),
  /** An Azure ML managed instance type, i.e. a GPU VM size from the catalog. */
  instanceType: z.string().min(1),
});

const kubernetesCompute = z.object({
  kind: z.literal("kubernetes"),
  /** The AKS GPU pool (in the same region) whose nodes run this deployment; one replica takes one whole node. */
  gpuPool: nodePoolName,
});

/**
 * KEDA scales a Kubernetes deployment's replicas on the model server's own queue (vLLM's waiting requests, read
 * from the region's Azure Monitor workspace), between instanceCount.min and max.
 */
export const queueScaling = z.object({
  /** Requests waiting per replica above which KEDA adds one. */
  waitingRequestsPerReplica: positiveInt.default(4),
  /** How often KEDA reads the queue. */
  pollingSeconds: z.number().int().min(5).max(300).default(30),
  /** How long the queue must stay short before a replica (a whole GPU node) is taken away. */
  scaleInCooldownMinutes: z.number().int().min(1).max(120).default(15),
});

export const deployment = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]{2,31}$/, {
    error: "must be 3-32 lowercase letters, digits or hyphens starting with a letter (Azure ML deployment names). Fix: e.g. blue",
  }),
  compute: z.discriminatedUnion("kind", [managedCompute, kubernetesCompute]),
  instanceCount: z.object({ min: count, max: positiveInt, default: positiveInt }),
  onCall: onCallBounds,
  /** Share of the endpoint's traffic (blue/green); the deployments of one endpoint add up to 100. */
  trafficPercent: z.number().int().min(0).max(100),
  /** Runs this release instead of modelServer.release: how a green deployment tries the next release beside blue. */
  release: releaseId.optional(),
  requestTimeoutMs: z
    .number()
    .int()
    .min(1000)
    .max(180000, { error: "must be at most 180000 ms, Azure ML's limit for online requests" })
    .default(90000),
  maxConcurrentRequestsPerInstance: positiveInt.default(8),
  /** Azure Monitor autoscale rules; managed compute only. */
  autoscaleRules: z.array(autoscaleRule).default([]),
  /** KEDA's queue-based scaling; Kubernetes compute only. Default: queueScaling's defaults. */
  queueScaling: queueScaling.optional(),
}).superRefine(checkDeployment);

export const onlineEndpoint = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]{2,31}$/, {
    error: "must be 3-32 lowercase letters, digits or hyphens starting with a letter (Azure ML endpoint names, unique per region)",
  }),
  description: z.string().default(""),
  deployments: z.array(deployment).min(1),
  /** The progressive rollout from one deployment to another, when one is under way (`fhi rollout`). */
  rollout: rolloutPlan.optional(),
}).superRefine(checkEndpointRollout);

export const subnets = z.object({
  aksSystem: cidr,
  aksGpu: cidr,
  /** Delegated to Microsoft.ContainerService/managedClusters for API server VNet integration (/28 or larger). */
  aksApiServer: cidr,
  privateEndpoints: cidr,
  /** Internal load balancer frontends of the Kubernetes model router (a /28 is plenty); needed with Kubernetes endpoints. */
  modelIngress: cidr.optional(),
  apiGateway: cidr.optional(),
});

/** Private Link DNS zones the spokes use; the last four serve Azure Monitor's private link scope (log and telemetry ingestion). */
export const PRIVATE_DNS_ZONE_KEYS = ["keyVault", "acr", "blob", "file", "amlApi", "amlNotebooks", "aks", "monitor", "omsOpinsights", "odsOpinsights", "agentService"] as const;

/** An existing hub network that the spoke peers with and sends its egress through (the trusted clinical environment). */
export const hubNetwork = z.object({
  vnetId: armId("the hub virtual network", "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<name>"),
  addressSpace: z.array(cidr).min(1),
  firewallPrivateIp: ipv4,
  /** Use the hub's private DNS zones instead of creating our own (keys: PRIVATE_DNS_ZONE_KEYS). */
  privateDnsZoneIds: z
    .partialRecord(z.enum(PRIVATE_DNS_ZONE_KEYS), armId("a private DNS zone", "/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/privateDnsZones/<zone>"))
    .optional(),
});

export const regionConfig = z.object({
  location: region,
  addressSpace: z.array(cidr).min(1, { error: "needs at least one range. Fix: e.g. [\"10.20.0.0/16\"]" }),
  subnets,
  hub: hubNetwork.optional(),
  aks: aksCluster.optional(),
  endpoints: z.array(onlineEndpoint).default([]),
}).superRefine(checkRegion);

/** Who is paged and when, for the inference alerts of every region of the environment. */
export const alerts = z.object({
  actionGroup: z
    .object({
      /** Receivers by e-mail; when none is given, the owner tag's address is paged. */
      emails: z.array(z.object({ name: z.string().min(1), address: z.email({ error: "must be an e-mail address" }) })).default([]),
      /** HTTPS webhooks of the on-call pager. */
      webhooks: z.array(z.object({ name: z.string().min(1), url: z.url({ protocol: /^https$/, error: "must be an https:// URL" }) })).default([]),
    })
    .prefault({}),
  /** Endpoint p95 latency that pages; must be below every deployment's requestTimeoutMs or it could never fire. */
  latencyP95Ms: positiveInt.default(5000),
  /** 5xx responses per minute, per endpoint, that page. */
  serverErrorsPerMinute: positiveInt.default(5),
  /** How long latency or errors must persist before paging. */
  windowMinutes: z.number().int().min(1).max(60).default(5),
  /** How long pods may wait for a GPU node the autoscaler cannot add. */
  gpuPoolsSaturatedMinutes: z.number().int().min(5).max(360).default(15),
  /** How long a deployment may sit at its maximum instance count. */
  deploymentAtMaxMinutes: z.number().int().min(5).max(1440).default(30),
});

const secretName = z.string().regex(/^[a-zA-Z0-9-]{1,127}$/, {
  error: "must be 1-127 letters, digits or hyphens (Key Vault secret names)",
});

export const SECRET_READERS = ["model-server", "aml-workspace", "api-gateway"] as const;

export const declaredSecret = z.object({
  name: secretName,
  contentType: z.string().min(1),
  maxAgeDays: z.number().int().min(1).max(3650),
  readers: z.array(z.enum(SECRET_READERS)).default([]),
});

const storageAccountName = z.string().regex(/^[a-z0-9]{3,24}$/, {
  error: "must be 3-24 lowercase letters or digits (storage account names)",
});

export const stateBackend = z.object({
  /** Defaults to the environment's own subscription. */
  subscriptionId: guid.optional(),
  resourceGroupName: z.string().regex(/^[-\w.()]{1,90}$/),
  storageAccountName,
  containerName: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/).default("tfstate"),
  /** Authenticate with a federated (OIDC) token in CI instead of the developer's Azure CLI login. */
  useOidc: z.boolean().default(true),
});

/** A GitHub repository as `owner/name`. */
const githubRepository = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/, {
  error: "must be a GitHub repository as owner/name, e.g. hospital/frontier-health-infra",
});

/**
 * Ephemeral self-hosted runners: one Azure Container Apps job execution per queued workflow job, started by the
 * KEDA github-runner scaler, in the deployer network (docs/adr/0002-deployment-network.md).
 */
export const selfHostedRunners = z.object({
  kind: z.literal("self-hosted"),
  /** The runner image (images/deploy-runner), by digest. */
  image: imageByDigest,
  /** Deploy jobs that may run at once. */
  maxConcurrentJobs: z.number().int().min(1).max(10).default(1),
  /** Key Vault secret (in the deployer's vault) with the GitHub token the scaler reads the queue and runners register with. */
  tokenSecretName: secretName.default("github-runner-token"),
});

/** GitHub-hosted runners injected into the deployer network (Azure private networking; GitHub Enterprise Cloud). */
export const githubHostedRunners = z.object({
  kind: z.literal("github-hosted"),
  /** GitHub's database ID of the enterprise or organization: the `businessId` of GitHub.Network/networkSettings. */
  githubBusinessId: z.string().regex(/^\d+$/, { error: "must be the GitHub enterprise or organization database ID (digits). Fix: query it with GitHub's GraphQL API (databaseId)" }),
  /** The runner group the organization's owner creates on this network configuration; deploy jobs run on it. */
  runnerGroup: z.string().min(1).max(100),
});

/**
 * How the pipeline reaches the environment: a network of its own in the primary region (peered to the region's hub
 * where there is one), with the private endpoints of everything Terraform calls on a data plane (the state account,
 * the deployment artefacts), runners inside it, and the identity the deploy workflow of `repository` signs in as.
 */
export const deployer = z.object({
  /** The repository whose deploy workflow, in the GitHub environment named like this environment, may deploy it. */
  repository: githubRepository,
  network: z.object({
    addressSpace: cidr,
    subnets: z.object({
      /** Container Apps needs /27 or larger for a workload-profiles environment; GitHub-hosted runners one address per concurrent job. */
      runners: cidr,
      privateEndpoints: cidr,
    }),
  }),
  runners: z.discriminatedUnion("kind", [selfHostedRunners, githubHostedRunners]),
}).superRefine(checkDeployerNetwork);

const customCloud = z.object({
  resourceManagerUrl: z.url(),
  /** e.g. `.vault.azure.net` */
  keyVaultDnsSuffix: z.string().regex(/^\.[a-z0-9.-]+$/),
  authorityHost: z.url(),
  /** Audience for ARM tokens; defaults to the resource manager URL. */
  resourceManagerAudience: z.string().optional(),
  /**
   * A gateway in front of Key Vault that reaches each vault as `<keyVaultEndpoint>/<vault name>` instead of
   * `https://<vault name><keyVaultDnsSuffix>`. Key Vault's check that its challenge names the vault's own host is
   * then off, because the host is the gateway's.
   */
  keyVaultEndpoint: z.url().optional(),
  /** e.g. `core.windows.net`: storage accounts are `<account>.blob.<suffix>`. Needed where a cluster reads its manifests and weights. */
  storageEndpointSuffix: z.string().regex(/^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/).optional(),
  /**
   * The Log Analytics query API, e.g. `https://api.loganalytics.io`; also the audience of its tokens. Needed where
   * `fhi rollout` reads a managed deployment's 5xx share.
   */
  logAnalyticsEndpoint: z.url().optional(),
});

export const cloud = z.union([z.enum(["AzureCloud", "AzureUSGovernment", "AzureChinaCloud"]), customCloud]);

export const tags = z.object({
  owner: z.string().min(1),
  costCenter: z.string().min(1),
  dataClassification: z.enum(["public", "internal", "confidential", "restricted-phi"]),
  /** Further tags the organisation requires; applied as given. */
  extra: z.record(z.string(), z.string()).default({}),
});

export const environmentSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9]{1,7}$/, { error: "must be 2-8 lowercase letters or digits starting with a letter" }),
  description: z.string().min(1),
  subscriptionId: guid,
  tenantId: guid,
  cloud: cloud.default("AzureCloud"),
  naming: z.object({
    /** Short workload prefix used in every resource name, e.g. `fhi`. */
    prefix: z.string().regex(/^[a-z][a-z0-9]{1,5}$/, { error: "must be 2-6 lowercase letters or digits starting with a letter" }),
  }),
  tags,
  stateBackend,
  deployer,
  /** Stateful resources get a CanNotDelete lock; HSM-backed keys need the Premium Key Vault SKU. */
  protection: z
    .object({
      resourceLocks: z.boolean().default(true),
      hsmBackedKeys: z.boolean().default(true),
      highBusinessImpact: z.boolean().default(true),
      zoneRedundant: z.boolean().default(false),
    })
    .prefault({}),
  observability: z.object({ logRetentionDays: z.number().int().min(30).max(730).default(90) }).prefault({}),
  modelServer,
  /**
   * Which releases may serve here: those that served in `after` for at least `minDaysServed` days and carry a sign-off
   * for this environment (releases/<id>.ts). None: any release may serve (the platform team's sandbox).
   */
  promotion: z
    .object({
      after: z.enum(RELEASE_ENVIRONMENTS, { error: `must be one of ${RELEASE_ENVIRONMENTS.join(", ")}: the environment a release must have served in first` }),
      minDaysServed: z.number().int().min(1).max(365),
    })
    .optional(),
  regions: z.array(regionConfig).min(1, { error: "needs at least one region" }),
  keyVault: z.object({ secrets: z.array(declaredSecret).default([]) }).prefault({}),
  /** The public API edge (Front Door + WAF, API Management per region); only environments that serve one. */
  api: apiConfig.optional(),
  alerts: alerts.prefault({}),
}).superRefine((env, ctx) => {
  checkEnvironment(env, ctx);
  checkApiPlacement(env, ctx);
  checkDeployerPlacement(env, ctx);
});

/** What an environment file writes: defaults may be left out. */
export type EnvironmentInput = z.input<typeof environmentSchema>;
/** An environment checked field by field and across fields, defaults filled in, before its releases are resolved. */
export type EnvironmentSettings = z.output<typeof environmentSchema>;
/** A validated environment with every default filled in and the releases it names, checked: what stacks and tools read. */
export type Environment = EnvironmentSettings & {
  /** The releases its deployments run, by ID (environments/schema/releases.ts resolves a deployment's). */
  readonly releases: Readonly<Record<string, Release>>;
};
export type RegionConfig = EnvironmentSettings["regions"][number];
export type GpuPoolConfig = z.output<typeof gpuPool>;
export type OnlineEndpointConfig = z.output<typeof onlineEndpoint>;
export type DeploymentConfig = z.output<typeof deployment>;
export type QueueScalingConfig = z.output<typeof queueScaling>;
export type ClusterServingConfig = z.output<typeof clusterServing>;
export type AutoscaleRuleConfig = z.output<typeof autoscaleRule>;
export type AlertsConfig = z.output<typeof alerts>;
export type DeclaredSecret = z.output<typeof declaredSecret>;
export type CloudConfig = z.output<typeof cloud>;
export type DeployerConfig = z.output<typeof deployer>;
export type PromotionPolicy = NonNullable<EnvironmentSettings["promotion"]>;
