/**
 * The Kubernetes objects that serve the model on an AKS cluster, rendered from typed props: the model server per
 * deployment (weights copied by an init container as the pod's workload identity, verified by the server before it
 * loads them), its Service, disruption budget, KEDA scaler and metrics scrape; the router in front; the NVIDIA
 * device plugin AKS does not install; and network policies. Flux applies them (docs/adr/0003-gpu-serving.md).
 */
import { createHash } from "node:crypto";
import { MODEL_SERVER_VARIABLES, modelServerEnvironment, type ModelServerSettings } from "../model-server/settings";
import { renderTunable, routerBootstrap, SDS_FILE, tlsSecretDocument, type RouterConfigProps, type TunableNumber } from "./router-config";

export type KubernetesObject = { readonly apiVersion: string; readonly kind: string; readonly metadata: { readonly name: string; readonly namespace?: string } & Record<string, unknown> } & Record<string, unknown>;

/** A node taint as AKS writes it, `key=value:Effect`. */
export type Taint = string;

export interface ModelDeploymentSpec {
  readonly name: string;
  /** `<registry>/<repository>@sha256:...` */
  readonly image: string;
  /** Value of the pool label on the GPU nodes this deployment runs on. */
  readonly pool: { readonly labelKey: string; readonly name: string; readonly taints: readonly Taint[] };
  readonly gpusPerReplica: number;
  readonly settings: Omit<ModelServerSettings, "modelDir">;
  /** The folder of this deployment's model version in the weights container, e.g. `clinical-llm/2/`. */
  readonly weightsPrefix: string;
  /** Share of the endpoint's requests, 0-100, and the Flux post-build variable that holds it (on-call moves it through ARM). */
  readonly trafficPercent: number;
  readonly trafficVariable: string;
  /** The configured ceiling of replicas: with the server's batch size, what the router lets through at once. */
  readonly maxReplicas: number;
  /** Flux post-build variable names holding the replica bounds, so that on-call can change them through ARM. */
  readonly replicaVariables: { readonly min: string; readonly max: string };
  readonly scaling: { readonly waitingRequestsPerReplica: number; readonly pollingSeconds: number; readonly scaleInCooldownMinutes: number };
  readonly startupSeconds: number;
}

export interface ModelServingManifestProps {
  readonly namespace: string;
  /** Where the weights are: the model store's blob endpoint and container (each deployment names its version's folder). */
  readonly weights: { readonly accountUrl: string; readonly container: string };
  readonly modelServerIdentityClientId: string;
  readonly deployments: readonly ModelDeploymentSpec[];
  /**
   * Shadow traffic: the router copies `percent` % of requests to `deployment` and discards its answers; the share is
   * the Flux post-build variable `variable`. @default no mirroring
   */
  readonly mirror?: { readonly deployment: string; readonly percent: number; readonly variable: string };
  readonly autoscaler: { readonly identityClientId: string; readonly prometheusQueryEndpoint: string };
  readonly router: {
    readonly image: string;
    readonly replicas: number;
    readonly identityClientId: string;
    readonly privateIp: string;
    readonly subnetName: string;
    readonly nodeSelector: Readonly<Record<string, string>>;
    readonly tls: { readonly keyVaultName: string; readonly tenantId: string; readonly certificateName: string };
    readonly config: Omit<RouterConfigProps, "tlsDirectory" | "tlsFile" | "listenPort" | "healthPath" | "backends">;
  };
  readonly devicePlugin: { readonly image: string; readonly tolerations: readonly Taint[] };
}

export const MODEL_SERVER_PORT = 8000;
export const ROUTER_PORT = 8443;
export const ROUTER_HEALTH_PATH = "/healthz";
const MODEL_DIR = "/models/current";
const ROUTER_CONFIG_DIR = "/etc/model-router";
const ROUTER_TLS_DIR = "/etc/model-router/tls";
const ROUTER_TLS_FILE = "tls.pem";
const APP_LABEL = "app.kubernetes.io/name";
/** The label naming a model pod's deployment (blue, green); Managed Prometheus keeps it on every series as `fhi_health_model_deployment`. */
export const DEPLOYMENT_LABEL = "fhi.health/model-deployment";
const WORKLOAD_IDENTITY_LABEL = { "azure.workload.identity/use": "true" };

/** The Service name of a deployment, as the router reaches it. */
export function modelServiceName(deployment: string): string {
  return `model-${deployment}`;
}

function tolerationsOf(taints: readonly Taint[]): object[] {
  return taints.map((taint) => {
    const match = /^([^=:]+)(?:=([^:]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/.exec(taint);
    if (!match) throw new Error(`taint "${taint}" is not key=value:Effect. Fix: write taints as AKS does, e.g. sku=gpu:NoSchedule`);
    const [, key, value, effect] = match;
    return value === undefined ? { key, operator: "Exists", effect } : { key, operator: "Equal", value, effect };
  });
}

/** Non-root, read-only, no privilege: the restricted Pod Security Standard, which the namespace enforces. */
const RESTRICTED_CONTAINER = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

function namespaceObject(name: string): KubernetesObject {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: { name, labels: { "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/enforce-version": "latest" } },
  };
}

function serviceAccount(namespace: string, name: string, clientId: string): KubernetesObject {
  return { apiVersion: "v1", kind: "ServiceAccount", metadata: { name, namespace, annotations: { "azure.workload.identity/client-id": clientId } } };
}

/** The router pods' annotation holding the traffic shares Flux substituted: a new value restarts the routers. */
export const TRAFFIC_ANNOTATION = "fhi.health/traffic";

/** Service account names; the federated credentials on the identities name them in their subject. */
export const SERVICE_ACCOUNTS = { modelServer: "model-server", router: "model-router" } as const;

function modelDeployment(props: ModelServingManifestProps, spec: ModelDeploymentSpec): KubernetesObject[] {
  const { namespace } = props;
  const name = modelServiceName(spec.name);
  const labels = { [APP_LABEL]: "model-server", [DEPLOYMENT_LABEL]: spec.name };
  const environment = modelServerEnvironment({ ...spec.settings, modelDir: MODEL_DIR });
  const gpus = { "nvidia.com/gpu": String(spec.gpusPerReplica) };
  const weightsVolume = { name: "weights", mountPath: MODEL_DIR };
  const deployment: KubernetesObject = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace, labels },
    spec: {
      // No replicas field: KEDA's HPA owns the count between the ScaledObject's bounds.
      selector: { matchLabels: labels },
      // A replica is a whole GPU node: replace one at a time and never ask for a second node to surge into.
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
      template: {
        metadata: { labels: { ...labels, ...WORKLOAD_IDENTITY_LABEL } },
        spec: {
          serviceAccountName: SERVICE_ACCOUNTS.modelServer,
          automountServiceAccountToken: false,
          nodeSelector: { [spec.pool.labelKey]: spec.pool.name },
          tolerations: tolerationsOf(spec.pool.taints),
          securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: "RuntimeDefault" } },
          terminationGracePeriodSeconds: 120,
          initContainers: [
            {
              name: "fetch-weights",
              image: spec.image,
              command: ["python3", "/opt/model-server/fetch_weights.py", props.weights.accountUrl, props.weights.container, spec.weightsPrefix, MODEL_DIR],
              securityContext: RESTRICTED_CONTAINER,
              volumeMounts: [weightsVolume, { name: "tmp", mountPath: "/tmp" }],
              resources: { requests: { cpu: "2", memory: "4Gi" }, limits: { memory: "8Gi" } },
            },
          ],
          containers: [
            {
              name: "model-server",
              image: spec.image,
              env: MODEL_SERVER_VARIABLES.map((variable) => ({ name: variable, value: environment[variable] })),
              ports: [{ name: "http", containerPort: MODEL_SERVER_PORT }],
              securityContext: RESTRICTED_CONTAINER,
              resources: { requests: gpus, limits: gpus },
              volumeMounts: [{ ...weightsVolume, readOnly: true }, { name: "shm", mountPath: "/dev/shm" }, { name: "tmp", mountPath: "/tmp" }, { name: "home", mountPath: "/home/modelserver" }],
              // Hashing and loading hundreds of GB takes long: the startup probe covers it, liveness only after.
              startupProbe: { httpGet: { path: "/health", port: MODEL_SERVER_PORT }, periodSeconds: 10, failureThreshold: Math.ceil(spec.startupSeconds / 10) },
              livenessProbe: { httpGet: { path: "/health", port: MODEL_SERVER_PORT }, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 6 },
              readinessProbe: { httpGet: { path: "/health", port: MODEL_SERVER_PORT }, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
            },
          ],
          volumes: [
            { name: "weights", emptyDir: {} },
            // NCCL between the GPUs of one VM uses shared memory.
            { name: "shm", emptyDir: { medium: "Memory", sizeLimit: "64Gi" } },
            { name: "tmp", emptyDir: {} },
            // vLLM and Triton write their compile caches under HOME; the root file system stays read-only.
            { name: "home", emptyDir: {} },
          ],
        },
      },
    },
  };
  const service: KubernetesObject = {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace, labels },
    spec: { selector: labels, ports: [{ name: "http", port: MODEL_SERVER_PORT, targetPort: "http" }] },
  };
  const disruptionBudget: KubernetesObject = {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { name, namespace },
    spec: { maxUnavailable: 1, selector: { matchLabels: labels } },
  };
  const scaledObject: KubernetesObject = {
    apiVersion: "keda.sh/v1alpha1",
    kind: "ScaledObject",
    metadata: { name, namespace },
    spec: {
      scaleTargetRef: { name },
      // Replaced by Flux from the configuration's post-build variables: on-call changes them through ARM (fhi gpu scale).
      minReplicaCount: `\${${spec.replicaVariables.min}}`,
      maxReplicaCount: `\${${spec.replicaVariables.max}}`,
      pollingInterval: spec.scaling.pollingSeconds,
      advanced: { horizontalPodAutoscalerConfig: { behavior: { scaleDown: { stabilizationWindowSeconds: spec.scaling.scaleInCooldownMinutes * 60, policies: [{ type: "Pods", value: 1, periodSeconds: 300 }] } } } },
      triggers: [
        {
          type: "prometheus",
          authenticationRef: { name: "azure-monitor-workspace" },
          metadata: {
            serverAddress: props.autoscaler.prometheusQueryEndpoint,
            // vLLM's queue: requests admitted but not yet running, summed over the deployment's replicas.
            query: `sum(vllm:num_requests_waiting{namespace="${namespace}",${DEPLOYMENT_LABEL.replace(/[./-]/g, "_")}="${spec.name}"})`,
            threshold: String(spec.scaling.waitingRequestsPerReplica),
            // An unreachable workspace must not scale a GPU deployment to its floor.
            ignoreNullValues: "false",
          },
        },
      ],
    },
  };
  return [deployment, service, disruptionBudget, scaledObject];
}

/** KEDA reads the Azure Monitor workspace as the autoscaler identity (federated to kube-system/keda-operator). */
function triggerAuthentication(props: ModelServingManifestProps): KubernetesObject {
  return {
    apiVersion: "keda.sh/v1alpha1",
    kind: "TriggerAuthentication",
    metadata: { name: "azure-monitor-workspace", namespace: props.namespace },
    spec: { podIdentity: { provider: "azure-workload", identityId: props.autoscaler.identityClientId } },
  };
}

/** Managed Prometheus scrapes the model servers' vLLM metrics, with the deployment label kept on every series. */
function podMonitor(namespace: string): KubernetesObject {
  return {
    apiVersion: "azmonitoring.coreos.com/v1",
    kind: "PodMonitor",
    metadata: { name: "model-server", namespace },
    spec: {
      selector: { matchLabels: { [APP_LABEL]: "model-server" } },
      podTargetLabels: [DEPLOYMENT_LABEL],
      podMetricsEndpoints: [{ port: "http", path: "/metrics", interval: "30s" }],
    },
  };
}

function routerObjects(props: ModelServingManifestProps): KubernetesObject[] {
  const { namespace, router } = props;
  const name = "model-router";
  const labels = { [APP_LABEL]: name };
  const weights = new Map<string, TunableNumber>(props.deployments.map((spec) => [spec.name, { variable: spec.trafficVariable, value: spec.trafficPercent }]));
  const mirror = props.mirror && { backend: props.mirror.deployment, percent: { variable: props.mirror.variable, value: props.mirror.percent } };
  const routerProps: RouterConfigProps = {
    ...router.config,
    listenPort: ROUTER_PORT,
    tlsDirectory: ROUTER_TLS_DIR,
    tlsFile: ROUTER_TLS_FILE,
    healthPath: ROUTER_HEALTH_PATH,
    backends: props.deployments.map((spec) => ({
      name: spec.name,
      host: `${modelServiceName(spec.name)}.${namespace}.svc.cluster.local`,
      port: MODEL_SERVER_PORT,
      weight: weights.get(spec.name)!,
      maxRequests: spec.settings.maxConcurrentSequences * spec.maxReplicas,
    })),
    mirror,
  };
  // Envoy reads its config once at start: the tunable shares are in the pod template too, so when Flux substitutes
  // new values the template changes and the routers restart with them.
  const tunables = [...[...weights].map(([name, weight]) => `${name}=${renderTunable(weight)}`), ...(mirror ? [`mirror=${renderTunable(mirror.percent)}`] : [])].join(",");
  const config = {
    "envoy.yaml": JSON.stringify(routerBootstrap(routerProps, ROUTER_CONFIG_DIR)),
    [SDS_FILE]: JSON.stringify(tlsSecretDocument(routerProps)),
  };
  const configMap: KubernetesObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace }, data: config };
  const secretProvider: KubernetesObject = {
    apiVersion: "secrets-store.csi.x-k8s.io/v1",
    kind: "SecretProviderClass",
    metadata: { name, namespace },
    spec: {
      provider: "azure",
      parameters: {
        usePodIdentity: "false",
        clientID: router.identityClientId,
        keyvaultName: router.tls.keyVaultName,
        tenantId: router.tls.tenantId,
        // A certificate read as a secret is the only form that carries its private key (Learn: csi-secrets-store-nginx-tls).
        objects: JSON.stringify({ array: [JSON.stringify({ objectName: router.tls.certificateName, objectType: "secret", objectAlias: ROUTER_TLS_FILE, objectFormat: "pem" })] }),
      },
    },
  };
  const deployment: KubernetesObject = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace, labels },
    spec: {
      replicas: router.replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels: { ...labels, ...WORKLOAD_IDENTITY_LABEL }, annotations: { "fhi.health/config-sha256": configDigest(config), [TRAFFIC_ANNOTATION]: tunables } },
        spec: {
          serviceAccountName: SERVICE_ACCOUNTS.router,
          nodeSelector: { ...router.nodeSelector },
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: labels } }],
          securityContext: { runAsNonRoot: true, runAsUser: 101, runAsGroup: 101, seccompProfile: { type: "RuntimeDefault" } },
          containers: [
            {
              name: "envoy",
              image: router.image,
              args: ["--config-path", `${ROUTER_CONFIG_DIR}/envoy.yaml`, "--log-level", "warn"],
              ports: [{ name: "https", containerPort: ROUTER_PORT }],
              securityContext: RESTRICTED_CONTAINER,
              resources: { requests: { cpu: "500m", memory: "256Mi" }, limits: { memory: "1Gi" } },
              readinessProbe: { httpGet: { path: ROUTER_HEALTH_PATH, port: ROUTER_PORT, scheme: "HTTPS" }, periodSeconds: 5 },
              livenessProbe: { httpGet: { path: ROUTER_HEALTH_PATH, port: ROUTER_PORT, scheme: "HTTPS" }, periodSeconds: 10, failureThreshold: 6 },
              volumeMounts: [
                { name: "config", mountPath: ROUTER_CONFIG_DIR, readOnly: true },
                { name: "tls", mountPath: ROUTER_TLS_DIR, readOnly: true },
                { name: "tmp", mountPath: "/tmp" },
              ],
            },
          ],
          volumes: [
            { name: "config", configMap: { name } },
            { name: "tls", csi: { driver: "secrets-store.csi.k8s.io", readOnly: true, volumeAttributes: { secretProviderClass: name } } },
            { name: "tmp", emptyDir: {} },
          ],
        },
      },
    },
  };
  const service: KubernetesObject = {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name,
      namespace,
      // Internal load balancer on a fixed address of the ingress subnet (Learn: internal-lb).
      annotations: {
        "service.beta.kubernetes.io/azure-load-balancer-internal": "true",
        "service.beta.kubernetes.io/azure-load-balancer-internal-subnet": router.subnetName,
        "service.beta.kubernetes.io/azure-load-balancer-ipv4": router.privateIp,
      },
    },
    spec: { type: "LoadBalancer", externalTrafficPolicy: "Local", selector: labels, ports: [{ name: "https", port: 443, targetPort: "https" }] },
  };
  const disruptionBudget: KubernetesObject = { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name, namespace }, spec: { minAvailable: 1, selector: { matchLabels: labels } } };
  return [serviceAccount(namespace, SERVICE_ACCOUNTS.router, router.identityClientId), configMap, secretProvider, deployment, service, disruptionBudget];
}

/** Nothing reaches a pod of the namespace unless allowed: clients reach the router, the router the model servers, the metrics agent their metrics. */
function networkPolicies(namespace: string): KubernetesObject[] {
  const policy = (name: string, podSelector: object, ingress: object[]): KubernetesObject => ({
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name, namespace },
    spec: { podSelector, policyTypes: ["Ingress"], ingress },
  });
  return [
    policy("default-deny-ingress", {}, []),
    policy("router-from-clients", { matchLabels: { [APP_LABEL]: "model-router" } }, [{ ports: [{ port: ROUTER_PORT, protocol: "TCP" }] }]),
    policy("model-from-router-and-metrics", { matchLabels: { [APP_LABEL]: "model-server" } }, [
      {
        from: [
          { podSelector: { matchLabels: { [APP_LABEL]: "model-router" } } },
          // Managed Prometheus's collector runs in kube-system.
          { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } } },
        ],
        ports: [{ port: MODEL_SERVER_PORT, protocol: "TCP" }],
      },
    ]),
  ];
}

/** NVIDIA's device plugin as Learn deploys it (use-nvidia-gpu), from the environment's registry. */
function devicePlugin(props: ModelServingManifestProps["devicePlugin"]): KubernetesObject {
  const labels = { name: "nvidia-device-plugin-ds" };
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: "nvidia-device-plugin-daemonset", namespace: "kube-system" },
    spec: {
      selector: { matchLabels: labels },
      updateStrategy: { type: "RollingUpdate" },
      template: {
        metadata: { labels },
        spec: {
          nodeSelector: { accelerator: "nvidia" },
          tolerations: tolerationsOf(props.tolerations),
          priorityClassName: "system-node-critical",
          containers: [
            {
              name: "nvidia-device-plugin-ctr",
              image: props.image,
              env: [{ name: "FAIL_ON_INIT_ERROR", value: "false" }],
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
              volumeMounts: [{ name: "device-plugin", mountPath: "/var/lib/kubelet/device-plugins" }],
            },
          ],
          volumes: [{ name: "device-plugin", hostPath: { path: "/var/lib/kubelet/device-plugins" } }],
        },
      },
    },
  };
}

/** Every object, grouped in the files Flux reads (a folder of YAML files, no kustomization.yaml needed). */
export function modelServingManifests(props: ModelServingManifestProps): Readonly<Record<string, readonly KubernetesObject[]>> {
  return {
    "namespace.yaml": [namespaceObject(props.namespace)],
    "device-plugin.yaml": [devicePlugin(props.devicePlugin)],
    "model-servers.yaml": [
      serviceAccount(props.namespace, SERVICE_ACCOUNTS.modelServer, props.modelServerIdentityClientId),
      triggerAuthentication(props),
      podMonitor(props.namespace),
      ...props.deployments.flatMap((spec) => modelDeployment(props, spec)),
    ],
    "router.yaml": routerObjects(props),
    "network-policies.yaml": networkPolicies(props.namespace),
  };
}

/** A change to the router's config changes its pod template, so the routers restart with it. */
function configDigest(data: Readonly<Record<string, string>>): string {
  return createHash("sha256").update(JSON.stringify(data)).digest("hex");
}
