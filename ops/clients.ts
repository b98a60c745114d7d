/**
 * The one place that builds SDK clients and the credential for an environment: the cloud's endpoints, the
 * environment's tenant, retry and polling behaviour, and the call log every client reports to.
 */
import * as fs from "node:fs";
import * as tls from "node:tls";
import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";
import type { ContainerServiceClient } from "@azure/arm-containerservice";
import type { AzureMachineLearningWorkspaces } from "@azure/arm-machinelearning";
import type { MonitorClient } from "@azure/arm-monitor";
import type { ComputeManagementClient } from "@azure/arm-compute";
import type { SourceControlConfigurationClient } from "@azure/arm-kubernetesconfiguration";
import type { SecretClient } from "@azure/keyvault-secrets";
import type { Client as RestClient } from "@azure-rest/core-client";
import type { LogsQueryClient } from "@azure/monitor-query-logs";
import type { Environment } from "../environments/schema/config";
import { resolveCloud, vaultUrl, type CloudEndpoints } from "./cloud";
import { AzureCallLog, transportRetryPolicy } from "./azure-calls";

// The SDKs take half a second to load: they are required when a client is first built, so commands that never
// talk to Azure (synth, policy, review) do not pay for them.
const sdk = {
  identity: () => require("@azure/identity") as typeof import("@azure/identity"),
  containerService: () => require("@azure/arm-containerservice") as typeof import("@azure/arm-containerservice"),
  machineLearning: () => require("@azure/arm-machinelearning") as typeof import("@azure/arm-machinelearning"),
  monitor: () => require("@azure/arm-monitor") as typeof import("@azure/arm-monitor"),
  compute: () => require("@azure/arm-compute") as typeof import("@azure/arm-compute"),
  kubernetesConfiguration: () => require("@azure/arm-kubernetesconfiguration") as typeof import("@azure/arm-kubernetesconfiguration"),
  keyVaultSecrets: () => require("@azure/keyvault-secrets") as typeof import("@azure/keyvault-secrets"),
  restClient: () => require("@azure-rest/core-client") as typeof import("@azure-rest/core-client"),
  monitorQueryLogs: () => require("@azure/monitor-query-logs") as typeof import("@azure/monitor-query-logs"),
};

export interface RetrySettings {
  /** Retries after the first attempt, for throttling (429, honouring Retry-After) and transient failures (5xx, 408). */
  readonly maxRetries: number;
  readonly retryDelayInMs: number;
  readonly maxRetryDelayInMs: number;
}

const DEFAULT_RETRY: RetrySettings = { maxRetries: 3, retryDelayInMs: 800, maxRetryDelayInMs: 60_000 };
const DEFAULT_POLL_INTERVAL_MS = 5_000;

export interface AzureClientOptions {
  /** Defaults to DefaultAzureCredential in the environment's tenant and cloud. */
  readonly credential?: TokenCredential;
  readonly retry?: Partial<RetrySettings>;
  /** How often long-running operations are polled when Azure does not say (Retry-After). */
  readonly pollIntervalMs?: number;
  /** PEM certificates to trust besides Node's own roots: private clouds and TLS-inspecting proxies use private CAs. */
  readonly extraCaCertificates?: string;
}

/** Who is acting, as the token says: a user's UPN, else an app's or identity's object ID. Never the token itself. */
function principalOf(token: string): string | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
    const name = claims.upn ?? claims.preferred_username ?? claims.unique_name ?? claims.oid ?? claims.appid;
    return typeof name === "string" ? name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * DefaultAzureCredential in the environment's tenant and cloud. A custom (private) cloud's authority is not known
 * to Entra ID's public instance discovery, which such a network cannot reach anyway: discovery is off there, and
 * the token endpoint is trusted with the same extra CAs as every other endpoint.
 */
function defaultCredential(tenantId: string, cloud: CloudEndpoints, tlsOptions: { ca: string[] } | undefined): TokenCredential {
  return new (sdk.identity().DefaultAzureCredential)({
    tenantId,
    authorityHost: cloud.authorityHost,
    ...(cloud.name === "custom" ? { disableInstanceDiscovery: true } : {}),
    ...(tlsOptions ? { tlsOptions } : {}),
  });
}

export class AzureClients {
  readonly cloud: CloudEndpoints;
  readonly calls = new AzureCallLog();
  readonly pollIntervalMs: number;
  /** The Azure principal the credential obtained a token for, once it has. */
  principal?: string;
  private readonly credential: TokenCredential;
  private readonly common: {
    retryOptions: RetrySettings;
    additionalPolicies: ReturnType<typeof transportRetryPolicy>[];
    tlsOptions?: { ca: string[] };
    userAgentOptions: { userAgentPrefix: string };
  };
  private readonly cache = new Map<string, unknown>();

  constructor(
    readonly environment: Environment,
    options: AzureClientOptions = {},
  ) {
    this.cloud = resolveCloud(environment.cloud);
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    const tlsOptions = options.extraCaCertificates ? { ca: [...tls.rootCertificates, options.extraCaCertificates] } : undefined;
    const inner = options.credential ?? defaultCredential(environment.tenantId, this.cloud, tlsOptions);
    this.credential = {
      getToken: async (scopes: string | string[], tokenOptions?: GetTokenOptions): Promise<AccessToken | null> => {
        const token = await inner.getToken(scopes, tokenOptions);
        if (token) this.principal ??= principalOf(token.token);
        return token;
      },
    };
    this.common = {
      retryOptions: { ...DEFAULT_RETRY, ...options.retry },
      additionalPolicies: [this.calls.policy(), transportRetryPolicy()],
      tlsOptions,
      userAgentOptions: { userAgentPrefix: "fhi" },
    };
  }

  private once<T>(key: string, create: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, create());
    return this.cache.get(key) as T;
  }

  private armOptions() {
    return { ...this.common, endpoint: this.cloud.resourceManagerUrl, credentials: { scopes: [this.cloud.resourceManagerScope] } };
  }

  containerService(): ContainerServiceClient {
    return this.once("aks", () => new (sdk.containerService().ContainerServiceClient)(this.credential, this.environment.subscriptionId, this.armOptions()));
  }

  monitor(): MonitorClient {
    return this.once("monitor", () => new (sdk.monitor().MonitorClient)(this.credential, this.environment.subscriptionId, this.armOptions()));
  }

  compute(): ComputeManagementClient {
    return this.once("compute", () => new (sdk.compute().ComputeManagementClient)(this.credential, this.environment.subscriptionId, this.armOptions()));
  }

  /** Options for the older generation of clients, which build URLs from `$host` and take their scope as `credentialScopes`. */
  private hostOptions() {
    return { ...this.common, endpoint: this.cloud.resourceManagerUrl, $host: this.cloud.resourceManagerUrl, credentialScopes: [this.cloud.resourceManagerScope] };
  }

  machineLearning(): AzureMachineLearningWorkspaces {
    return this.once("ml", () => new (sdk.machineLearning().AzureMachineLearningWorkspaces)(this.credential, this.environment.subscriptionId, this.hostOptions()));
  }

  /** Flux configurations (and cluster extensions) on the managed clusters. */
  kubernetesConfiguration(): SourceControlConfigurationClient {
    return this.once(
      "k8s-config",
      () => new (sdk.kubernetesConfiguration().SourceControlConfigurationClient)(this.credential, this.environment.subscriptionId, this.hostOptions()),
    );
  }

  /**
   * A plain REST client on `endpoint` with tokens for `scope`, through the same pipeline as the SDK clients (call log,
   * retries honouring Retry-After, extra CAs): for what no installed SDK speaks, such as an Azure ML endpoint's
   * traffic at API 2023-04-01 or a Prometheus query endpoint.
   */
  rest(endpoint: string, scope: string): RestClient {
    return this.once(`rest:${endpoint} ${scope}`, () => sdk.restClient().getClient(endpoint, this.credential, { ...this.common, credentials: { scopes: [scope] } }));
  }

  /** ARM itself, through the plain REST client. */
  arm(): RestClient {
    return this.rest(this.cloud.resourceManagerUrl, this.cloud.resourceManagerScope);
  }

  /** Log Analytics queries; undefined where the cloud names no query API (a custom cloud without logAnalyticsEndpoint). */
  logs(): LogsQueryClient | undefined {
    const api = this.cloud.logAnalytics;
    if (!api) return undefined;
    // The client takes `endpoint` as its whole base URL, API version included.
    return this.once("logs", () => new (sdk.monitorQueryLogs().LogsQueryClient)(this.credential, { ...this.common, endpoint: `${api.endpoint}/v1`, credentials: { scopes: [api.scope] } }));
  }

  secrets(vaultName: string): SecretClient {
    return this.once(
      `kv:${vaultName}`,
      () =>
        new (sdk.keyVaultSecrets().SecretClient)(vaultUrl(this.cloud, vaultName), this.credential, {
          ...this.common,
          disableChallengeResourceVerification: this.cloud.keyVaultEndpoint !== undefined,
        }),
    );
  }
}

/**
 * Node reads NODE_EXTRA_CA_CERTS only when the process starts; reading it here as well lets a process that sets
 * it later (an embedding host, an in-process run) reach a private cloud whose endpoints use a private CA.
 */
export function extraCaCertificatesFrom(env: NodeJS.ProcessEnv): string | undefined {
  const file = env.NODE_EXTRA_CA_CERTS;
  return file ? fs.readFileSync(file, "utf8") : undefined;
}
