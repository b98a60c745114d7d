import { parse, parseAllDocuments } from "yaml";
import { renderManifestFile } from "../../../constructs/gitops/manifest-bundle";
import { FRONTIER_SETTINGS } from "../../fixtures/model-server/settings";
import { GPU_POOL_LABEL, gpuPoolTaints } from "../../../constructs/gpu-cluster/gpu-cluster";
import { MODEL_SERVER_PORT, modelServingManifests, ROUTER_HEALTH_PATH, ROUTER_PORT, type ModelDeploymentSpec, type ModelServingManifestProps } from "../../../constructs/model-serving/manifests";

const IMAGE = `crfhidev.azurecr.io/model-server@sha256:${"3b".repeat(32)}`;
const blue: ModelDeploymentSpec = {
  name: "blue",
  image: IMAGE,
  pool: { labelKey: GPU_POOL_LABEL, name: "gpuh100", taints: gpuPoolTaints(false) },
  gpusPerReplica: 8,
  settings: FRONTIER_SETTINGS,
  weightsPrefix: "clinical-llm/1/",
  trafficPercent: 90,
  trafficVariable: "BLUE_TRAFFIC_PERCENT",
  maxReplicas: 2,
  replicaVariables: { min: "BLUE_MIN_REPLICAS", max: "BLUE_MAX_REPLICAS" },
  scaling: { waitingRequestsPerReplica: 4, pollingSeconds: 30, scaleInCooldownMinutes: 15 },
  startupSeconds: 1809,
};
const green: ModelDeploymentSpec = {
  ...blue,
  name: "green",
  pool: { labelKey: GPU_POOL_LABEL, name: "gput4", taints: gpuPoolTaints(true) },
  gpusPerReplica: 1,
  weightsPrefix: "clinical-llm/2/",
  trafficPercent: 10,
  trafficVariable: "GREEN_TRAFFIC_PERCENT",
  maxReplicas: 3,
  replicaVariables: { min: "GREEN_MIN_REPLICAS", max: "GREEN_MAX_REPLICAS" },
};

const PROPS: ModelServingManifestProps = {
  namespace: "model-serving",
  weights: { accountUrl: "https://stdpfhipilot.blob.core.windows.net", container: "models" },
  modelServerIdentityClientId: "model-server-client-id",
  deployments: [blue, green],
  autoscaler: { identityClientId: "keda-client-id", prometheusQueryEndpoint: "https://amw-test.swedencentral.prometheus.monitor.azure.com" },
  router: {
    image: `crfhidev.azurecr.io/envoyproxy/envoy@sha256:${"9c".repeat(32)}`,
    replicas: 2,
    identityClientId: "router-client-id",
    privateIp: "10.40.10.10",
    subnetName: "snet-fhi-pilot-sdc-model-ingress",
    nodeSelector: { agentpool: "service" },
    tls: { keyVaultName: "kv-fhi-pilot-sdc", tenantId: "tenant-id", certificateName: "model-router-tls" },
    config: {
      jwt: { issuer: "https://login.microsoftonline.com/tenant-id/v2.0", jwksUri: "https://login.microsoftonline.com/tenant-id/discovery/v2.0/keys", audiences: ["api://fhi-clinical-model-pilot"] },
      routes: [
        { method: "POST", path: "/v1/chat/completions" },
        { method: "GET", path: "/v1/models" },
      ],
      requestTimeoutMs: 90000,
      maxRequestBytes: 409600,
    },
  },
  devicePlugin: { image: `crfhidev.azurecr.io/nvidia/k8s-device-plugin@sha256:${"1e".repeat(32)}`, tolerations: gpuPoolTaints(true) },
};

type K8s = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; [key: string]: any };

/** Each file as Flux reads it: rendered to YAML, parsed back. */
const files = Object.fromEntries(Object.entries(modelServingManifests(PROPS)).map(([file, objects]) => [file, renderManifestFile(objects)]));
const documents = (file: string): K8s[] => parseAllDocuments(files[file]).map((document) => document.toJS() as K8s);
const all = () => Object.keys(files).flatMap(documents);
const find = (kind: string, name: string, file?: string): K8s => {
  const found = (file ? documents(file) : all()).filter((object) => object.kind === kind && object.metadata.name === name);
  expect(found).toHaveLength(1);
  return found[0];
};
const podSpec = (deployment: string) => find("Deployment", `model-${deployment}`).spec.template.spec;
const server = (deployment: string) => podSpec(deployment).containers.find((container: { name: string }) => container.name === "model-server");

/** Kubernetes' rule: a toleration tolerates a taint when key and effect match and, with Equal, the value too. */
function tolerates(tolerations: { key?: string; operator?: string; value?: string; effect?: string }[], taint: string): boolean {
  const [, key, value, effect] = /^([^=:]+)(?:=([^:]*))?:(\w+)$/.exec(taint)!;
  return tolerations.some((toleration) => (toleration.key === undefined || toleration.key === key) && (!toleration.effect || toleration.effect === effect) && (toleration.operator === "Exists" || (toleration.value ?? "") === (value ?? "")));
}

test("Flux's files: the namespace, the device plugin, the model servers, the router and the network policies", () => {
  expect(Object.keys(files).sort()).toEqual(["device-plugin.yaml", "model-servers.yaml", "namespace.yaml", "network-policies.yaml", "router.yaml"]);
  for (const object of all()) if (object.kind !== "Namespace" && object.kind !== "DaemonSet") expect([object.kind, object.metadata.namespace]).toEqual([object.kind, "model-serving"]);
});

test("the namespace enforces the restricted Pod Security Standard, and every model and router container meets it", () => {
  expect(find("Namespace", "model-serving").metadata.labels).toEqual({ "pod-security.kubernetes.io/enforce": "restricted", "pod-security.kubernetes.io/enforce-version": "latest" });
  for (const name of ["model-blue", "model-green", "model-router"]) {
    const spec = find("Deployment", name).spec.template.spec;
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
      expect([name, container.name, container.securityContext]).toEqual([
        name,
        container.name,
        { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } },
      ]);
    }
  }
});

describe("a model deployment", () => {
  test("lands only on its own pool: selects the pool label and tolerates every taint of the pool, spot included", () => {
    for (const spec of [blue, green]) {
      const pod = podSpec(spec.name);
      expect(pod.nodeSelector).toEqual({ [GPU_POOL_LABEL]: spec.pool.name });
      for (const taint of spec.pool.taints) expect([spec.name, taint, tolerates(pod.tolerations, taint)]).toEqual([spec.name, taint, true]);
    }
    expect(green.pool.taints).toContain("kubernetes.azure.com/scalesetpriority=spot:NoSchedule");
    // Blue's pool is not spot: blue does not claim to tolerate spot eviction.
    expect(tolerates(podSpec("blue").tolerations, "kubernetes.azure.com/scalesetpriority=spot:NoSchedule")).toBe(false);
  });

  test("takes every GPU of its node: nvidia.com/gpu requested and limited at the GPUs per VM", () => {
    expect(server("blue").resources).toEqual({ requests: { "nvidia.com/gpu": "8" }, limits: { "nvidia.com/gpu": "8" } });
    expect(server("green").resources).toEqual({ requests: { "nvidia.com/gpu": "1" }, limits: { "nvidia.com/gpu": "1" } });
  });

  test("has no replica count (KEDA owns it) and never surges into a second GPU node", () => {
    const deployment = find("Deployment", "model-blue");
    expect(deployment.spec).not.toHaveProperty("replicas");
    expect(deployment.spec.strategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
  });

  test("an init container copies the model version's `<name>/<version>/` folder from the models container into the weights volume", () => {
    const [init] = podSpec("blue").initContainers;
    expect(init.image).toBe(IMAGE);
    expect(init.command).toEqual(["python3", "/opt/model-server/fetch_weights.py", "https://stdpfhipilot.blob.core.windows.net", "models", "clinical-llm/1/", "/models/current"]);
    expect(init.volumeMounts).toContainEqual({ name: "weights", mountPath: "/models/current" });
    expect(podSpec("blue").volumes).toContainEqual({ name: "weights", emptyDir: {} });
  });

  test("the server reads its weights where they were copied (MODEL_DIR is the weights volume, mounted read-only) with the settings' flags", () => {
    const env = Object.fromEntries(server("blue").env.map((variable: { name: string; value: string }) => [variable.name, variable.value]));
    const mount = server("blue").volumeMounts.find((volume: { name: string }) => volume.name === "weights");
    expect(mount).toEqual({ name: "weights", mountPath: env.MODEL_DIR, readOnly: true });
    expect(env).toMatchObject({ SERVED_MODEL_NAME: "clinical-llm", WEIGHTS_SHA256: "9".repeat(64), TENSOR_PARALLEL_SIZE: "8", MAX_MODEL_LEN: "32768", QUANTIZATION: "fp8", DTYPE: "auto", KV_CACHE_DTYPE: "fp8" });
  });

  test("the pod signs in as the model server's workload identity, with no Kubernetes API token", () => {
    const template = find("Deployment", "model-blue").spec.template;
    expect(template.metadata.labels["azure.workload.identity/use"]).toBe("true");
    expect(template.spec).toMatchObject({ serviceAccountName: "model-server", automountServiceAccountToken: false });
    expect(find("ServiceAccount", "model-server").metadata.annotations).toEqual({ "azure.workload.identity/client-id": "model-server-client-id" });
  });

  test("the startup probe lasts the whole start-up budget before liveness counts", () => {
    const probe = server("blue").startupProbe;
    expect(probe.httpGet).toEqual({ path: "/health", port: MODEL_SERVER_PORT });
    expect(probe.periodSeconds * probe.failureThreshold).toBeGreaterThanOrEqual(blue.startupSeconds);
    expect(probe.periodSeconds * (probe.failureThreshold - 1)).toBeLessThan(blue.startupSeconds);
  });

  test("KEDA scales it on vLLM's waiting requests from the Azure Monitor workspace, as the autoscaler identity, without failing to the floor", () => {
    const scaled = find("ScaledObject", "model-blue");
    expect(scaled.spec.scaleTargetRef).toEqual({ name: "model-blue" });
    const [trigger] = scaled.spec.triggers;
    expect(trigger).toEqual({
      type: "prometheus",
      authenticationRef: { name: "azure-monitor-workspace" },
      metadata: {
        serverAddress: PROPS.autoscaler.prometheusQueryEndpoint,
        query: 'sum(vllm:num_requests_waiting{namespace="model-serving",fhi_health_model_deployment="blue"})',
        threshold: "4",
        ignoreNullValues: "false",
      },
    });
    expect(find("TriggerAuthentication", "azure-monitor-workspace").spec).toEqual({ podIdentity: { provider: "azure-workload", identityId: "keda-client-id" } });
    expect(scaled.spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds).toBe(15 * 60);
  });

  test("its replica bounds are Flux placeholders, written unquoted so that they become integers once substituted", () => {
    const text = files["model-servers.yaml"];
    expect(text).toMatch(/^ {2}minReplicaCount: \$\{BLUE_MIN_REPLICAS\}$/m);
    expect(text).toMatch(/^ {2}maxReplicaCount: \$\{BLUE_MAX_REPLICAS\}$/m);
    // Flux's post-build substitution (envsubst) replaces the text, then the YAML is parsed.
    const values: Record<string, string> = { BLUE_MIN_REPLICAS: "1", BLUE_MAX_REPLICAS: "2", GREEN_MIN_REPLICAS: "0", GREEN_MAX_REPLICAS: "3" };
    const substituted = text.replace(/\$\{([A-Z_]+)\}/g, (_, name: string) => values[name]);
    const scaled = parseAllDocuments(substituted).map((document) => document.toJS() as K8s).filter((object) => object.kind === "ScaledObject");
    expect(scaled.map((object) => [object.metadata.name, object.spec.minReplicaCount, object.spec.maxReplicaCount])).toEqual([
      ["model-blue", 1, 2],
      ["model-green", 0, 3],
    ]);
  });

  test("a disruption takes at most one replica; metrics are scraped with the deployment's label", () => {
    expect(find("PodDisruptionBudget", "model-blue").spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { "app.kubernetes.io/name": "model-server", "fhi.health/model-deployment": "blue" } } });
    expect(find("PodMonitor", "model-server").spec).toMatchObject({ podTargetLabels: ["fhi.health/model-deployment"], podMetricsEndpoints: [{ port: "http", path: "/metrics" }] });
  });

  test("a taint not written as AKS writes it is refused", () => {
    expect(() => modelServingManifests({ ...PROPS, deployments: [{ ...blue, pool: { ...blue.pool, taints: ["sku=gpu"] } }] })).toThrow(/taint "sku=gpu" is not key=value:Effect/);
  });
});

describe("the router", () => {
  const envoy = () => parse(find("ConfigMap", "model-router").data["envoy.yaml"]);

  test("its Service is an internal load balancer on the configured address of the ingress subnet", () => {
    const service = find("Service", "model-router");
    expect(service.metadata.annotations).toEqual({
      "service.beta.kubernetes.io/azure-load-balancer-internal": "true",
      "service.beta.kubernetes.io/azure-load-balancer-internal-subnet": "snet-fhi-pilot-sdc-model-ingress",
      "service.beta.kubernetes.io/azure-load-balancer-ipv4": "10.40.10.10",
    });
    expect(service.spec).toMatchObject({ type: "LoadBalancer", ports: [{ name: "https", port: 443, targetPort: "https" }] });
  });

  test("routes to each deployment's Service by weight, at most what its largest scale-out batches", () => {
    const clusters = envoy().static_resources.clusters;
    const backend = (name: string) => clusters.find((cluster: { name: string }) => cluster.name === name);
    expect(backend("model-blue").load_assignment.endpoints[0].lb_endpoints[0].endpoint.address.socket_address).toEqual({ address: "model-blue.model-serving.svc.cluster.local", port_value: MODEL_SERVER_PORT });
    expect(backend("model-blue").circuit_breakers.thresholds[0]).toEqual({ max_requests: 16, max_pending_requests: 16 });
    expect(backend("model-green").circuit_breakers.thresholds[0]).toEqual({ max_requests: 24, max_pending_requests: 24 });
  });

  test("reads its TLS certificate from Key Vault as a secret, through the CSI driver, as the router identity", () => {
    const provider = find("SecretProviderClass", "model-router");
    expect(provider.spec.parameters).toMatchObject({ usePodIdentity: "false", clientID: "router-client-id", keyvaultName: "kv-fhi-pilot-sdc", tenantId: "tenant-id" });
    expect(JSON.parse(JSON.parse(provider.spec.parameters.objects).array[0])).toEqual({ objectName: "model-router-tls", objectType: "secret", objectAlias: "tls.pem", objectFormat: "pem" });
    const pod = find("Deployment", "model-router").spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: "tls", csi: { driver: "secrets-store.csi.k8s.io", readOnly: true, volumeAttributes: { secretProviderClass: "model-router" } } });
    expect(pod.nodeSelector).toEqual({ agentpool: "service" });
    expect(find("ServiceAccount", "model-router").metadata.annotations).toEqual({ "azure.workload.identity/client-id": "router-client-id" });
  });

  test("restarts when its configuration changes: the config's digest is in the pod template", () => {
    const digest = (props: ModelServingManifestProps) =>
      (modelServingManifests(props)["router.yaml"].find((object) => object.kind === "Deployment") as K8s).spec.template.metadata.annotations["fhi.health/config-sha256"];
    expect(digest(PROPS)).toMatch(/^[0-9a-f]{64}$/);
    expect(digest({ ...PROPS, router: { ...PROPS.router, config: { ...PROPS.router.config, maxRequestBytes: 1024 } } })).not.toBe(digest(PROPS));
  });

  test("is probed on its own health path over HTTPS", () => {
    const [container] = find("Deployment", "model-router").spec.template.spec.containers;
    expect(container.readinessProbe.httpGet).toEqual({ path: ROUTER_HEALTH_PATH, port: ROUTER_PORT, scheme: "HTTPS" });
  });
});

describe("the NVIDIA device plugin", () => {
  test("runs on the GPU nodes only, tolerating every GPU taint, from the environment's registry", () => {
    const plugin = find("DaemonSet", "nvidia-device-plugin-daemonset");
    expect(plugin.metadata.namespace).toBe("kube-system");
    const spec = plugin.spec.template.spec;
    expect(spec.nodeSelector).toEqual({ accelerator: "nvidia" });
    for (const taint of gpuPoolTaints(true)) expect(tolerates(spec.tolerations, taint)).toBe(true);
    expect(spec.containers[0].image).toBe(PROPS.devicePlugin.image);
  });
});

describe("network policies", () => {
  const policies = () => documents("network-policies.yaml");

  test("deny all ingress to the namespace by default", () => {
    expect(find("NetworkPolicy", "default-deny-ingress").spec).toEqual({ podSelector: {}, policyTypes: ["Ingress"], ingress: [] });
  });

  test("clients reach only the router's port; model servers only from the router and the metrics collector", () => {
    expect(find("NetworkPolicy", "router-from-clients").spec).toEqual({ podSelector: { matchLabels: { "app.kubernetes.io/name": "model-router" } }, policyTypes: ["Ingress"], ingress: [{ ports: [{ port: ROUTER_PORT, protocol: "TCP" }] }] });
    expect(find("NetworkPolicy", "model-from-router-and-metrics").spec.ingress).toEqual([
      {
        from: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "model-router" } } }, { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } } }],
        ports: [{ port: MODEL_SERVER_PORT, protocol: "TCP" }],
      },
    ]);
    expect(policies().map((policy) => policy.metadata.name)).toEqual(["default-deny-ingress", "router-from-clients", "model-from-router-and-metrics"]);
  });
});
