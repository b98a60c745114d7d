import { Testing } from "cdktf";
import { OnlineEndpoint, type OnlineDeploymentProps, type OnlineEndpointProps } from "../../../constructs/online-endpoint/online-endpoint";
import { environmentVersionName, ModelServerEnvironment } from "../../../constructs/online-endpoint/model-environment";
import { KubernetesCompute, type KubernetesComputeProps } from "../../../constructs/online-endpoint/kubernetes-compute";

const blue: OnlineDeploymentProps = {
  name: "blue",
  compute: { kind: "managed", instanceType: "Standard_NC40ads_H100_v5" },
  environmentId: "/env/v1",
  instanceCount: { min: 2, max: 8, default: 2 },
  trafficPercent: 90,
  requestTimeoutMs: 1500,
  maxConcurrentRequestsPerInstance: 4,
};
const green: OnlineDeploymentProps = { ...blue, name: "green", environmentId: "/env/v2", trafficPercent: 10, instanceCount: { min: 1, max: 2, default: 1 } };
const endpoint: OnlineEndpointProps = {
  name: "llm",
  location: "eastus2",
  resourceGroupName: "rg",
  workspaceId: "/workspaces/mlw",
  identityId: "/id/model-server",
  deployments: [blue, green],
};

const synth = (build: Parameters<typeof Testing.synthScope>[0]) => JSON.parse(Testing.synthScope(build)).resource;
const byName = (resources: any, name: string) => Object.entries(resources.azapi_resource).find(([, block]: [string, any]) => block.name === name) as [string, any];

describe("OnlineEndpoint", () => {
  let resources: any;
  beforeAll(() => {
    resources = synth((scope) => new OnlineEndpoint(scope, "endpoint", endpoint));
  });

  test("blue and green roll one after the other, then traffic shifts 90/10", () => {
    const [blueKey] = byName(resources, "blue");
    const [greenKey, greenBlock] = byName(resources, "green");
    expect(greenBlock.depends_on).toEqual([`azapi_resource.${blueKey}`]);
    const traffic = Object.values(resources.azapi_update_resource)[0] as any;
    expect(traffic.body).toEqual({ properties: { traffic: { blue: 90, green: 10 } } });
    expect(traffic.depends_on).toEqual([`azapi_resource.${blueKey}`, `azapi_resource.${greenKey}`]);
  });

  test("a managed deployment has no internet egress, leaves scaling to Azure Monitor and converts its timeout to ISO 8601", () => {
    const [, greenBlock] = byName(resources, "green");
    expect(greenBlock.body.properties).toMatchObject({ egressPublicNetworkAccess: "Disabled", scaleSettings: { scaleType: "Default" }, requestSettings: { requestTimeout: "PT1.5S", maxConcurrentRequestsPerInstance: 4 }, environmentId: "/env/v2" });
    expect(greenBlock.body.sku).toEqual({ name: "Default", capacity: 1 });
    expect(greenBlock.lifecycle.ignore_changes).toEqual(["body.sku.capacity"]);
  });

  test("a managed endpoint names no compute", () => {
    expect(byName(resources, "llm")[1].body.properties).not.toHaveProperty("compute");
  });

  test("refuses mixed compute kinds, and Kubernetes deployments without a compute", () => {
    const onKubernetes: OnlineDeploymentProps = { ...green, compute: { kind: "kubernetes", instanceType: "gpu" } };
    expect(() => synth((scope) => new OnlineEndpoint(scope, "e", { ...endpoint, deployments: [blue, onKubernetes] }))).toThrow(/mix managed and Kubernetes/);
    expect(() => synth((scope) => new OnlineEndpoint(scope, "e", { ...endpoint, deployments: [onKubernetes] }))).toThrow(/need kubernetesComputeId/);
  });
});

describe("ModelServerEnvironment", () => {
  const routes = { liveness: "/live", readiness: "/ready", scoring: "/score" };
  const digestA = `sha256:${"a".repeat(64)}`;
  const digestB = `sha256:${"b".repeat(64)}`;

  test("one immutable version per digest, image pinned by digest, versions named after their content", () => {
    let ids: string[] = [];
    const resources = synth((scope) => {
      const environment = new ModelServerEnvironment(scope, "env", { workspaceId: "/ws", name: "model-server", registryLoginServer: "cr.azurecr.io", repository: "model-server", digests: [digestA, digestB, digestA], port: 8000, routes });
      ids = [environment.versionId(digestA), environment.versionId(digestB)];
      expect(() => environment.versionId(`sha256:${"c".repeat(64)}`)).toThrow(/no environment version/);
    });
    const versions = Object.values(resources.azapi_resource).filter((block: any) => block.type.includes("/versions@")) as any[];
    expect(versions.map((version) => version.body.properties.image)).toEqual([`cr.azurecr.io/model-server@${digestA}`, `cr.azurecr.io/model-server@${digestB}`]);
    expect(versions[0].body.properties.inferenceConfig).toEqual({ livenessRoute: { path: "/live", port: 8000 }, readinessRoute: { path: "/ready", port: 8000 }, scoringRoute: { path: "/score", port: 8000 } });
    expect(versions[0].name).toMatch(/^aaaaaaaaaaaa-[0-9a-f]{6}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  test("a changed route makes a new version instead of editing an immutable one", () => {
    expect(environmentVersionName(digestA, { scoring: "/score" })).not.toBe(environmentVersionName(digestA, { scoring: "/v2/score" }));
    expect(environmentVersionName(digestA, { scoring: "/score" })).toBe(environmentVersionName(digestA, { scoring: "/score" }));
  });
});

describe("KubernetesCompute", () => {
  const props: KubernetesComputeProps = {
    workspaceId: "/ws",
    location: "swedencentral",
    name: "aks-gpu",
    clusterId: "/clusters/aks",
    instanceTypes: { gpu: { nodeSelector: { "fhi.health/gpu-pool": "gpua100" }, cpu: "18", memory: "165Gi", gpus: 1 } },
    defaultInstanceType: "gpu",
    tls: { cname: "aks.inference.internal", secretName: "tls" },
    highAvailability: false,
    componentNodeSelector: { agentpool: "service" },
  };

  test("installs the extension for inference only behind an internal TLS router, then attaches the cluster", () => {
    const resources = synth((scope) => new KubernetesCompute(scope, "k8s", props));
    const [extensionKey, extension] = Object.entries(resources.azurerm_kubernetes_cluster_extension)[0] as [string, any];
    expect(extension.configuration_settings).toMatchObject({
      enableInference: "True",
      enableTraining: "False",
      inferenceRouterServiceType: "LoadBalancer",
      internalLoadBalancerProvider: "azure",
      allowInsecureConnections: "False",
      sslCname: "aks.inference.internal",
      sslSecret: "tls",
      inferenceRouterHA: "False",
      "nodeSelector.agentpool": "service",
    });
    const compute = Object.values(resources.azapi_resource)[0] as any;
    expect(compute.depends_on).toEqual([`azurerm_kubernetes_cluster_extension.${extensionKey}`]);
    const resourcesPerInstance = { cpu: "18", memory: "165Gi", "nvidia.com/gpu": "1" };
    expect(compute.body.properties.properties.instanceTypes).toEqual({ gpu: { nodeSelector: { "fhi.health/gpu-pool": "gpua100" }, resources: { requests: resourcesPerInstance, limits: resourcesPerInstance } } });
  });

  test("refuses a component node selector key that Helm would read as nesting", () => {
    expect(() => synth((scope) => new KubernetesCompute(scope, "k8s", { ...props, componentNodeSelector: { "kubernetes.azure.com/agentpool": "service" } }))).toThrow(/contains a dot/);
  });
});
