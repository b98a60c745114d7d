import { Testing } from "cdktf";
import { PropagationWait } from "../../../constructs/time/sleep";
import { OnlineEndpoint, type OnlineDeploymentProps, type OnlineEndpointProps } from "../../../constructs/online-endpoint/online-endpoint";
import { environmentVersionName, ModelServerEnvironment } from "../../../constructs/online-endpoint/model-environment";
import { ModelAsset, weightsFolder, type ModelAssetProps } from "../../../constructs/online-endpoint/model-asset";
import { AML_RESOURCE_TYPES } from "../../../constructs/azapi/machine-learning";

const blue: OnlineDeploymentProps = {
  name: "blue",
  instanceType: "Standard_ND96isr_H100_v5",
  environmentId: "/env/v1",
  modelId: "/workspaces/mlw/models/clinical-llm/versions/3",
  modelMountPath: "/models",
  instanceCount: { min: 2, max: 8, default: 2 },
  trafficPercent: 90,
  requestTimeoutMs: 1500,
  maxConcurrentRequestsPerInstance: 4,
  environmentVariables: { MODEL_DIR: "/models", TENSOR_PARALLEL_SIZE: "8" },
  startupSeconds: 2000,
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
    resources = synth((scope) => {
      const ready = new PropagationWait(scope, "network-ready", { after: [], duration: "1s" });
      new OnlineEndpoint(scope, "endpoint", { ...endpoint, deploymentsNeed: [ready] });
    });
  });

  test("the endpoint takes Entra ID tokens only, is private, and acts as the given user-assigned identity", () => {
    const [, block] = byName(resources, "llm");
    expect(block.type).toBe(AML_RESOURCE_TYPES.onlineEndpoint);
    expect(block.body.properties).toMatchObject({ authMode: "AADToken", publicNetworkAccess: "Disabled" });
    expect(block.identity).toEqual([{ type: "UserAssigned", identity_ids: ["/id/model-server"] }]);
    expect(block.response_export_values).toEqual(["properties.scoringUri"]);
  });

  test("the first deployment waits for what it needs (network, asset, grants); blue and green roll one after the other, then traffic shifts 90/10", () => {
    const [blueKey, blueBlock] = byName(resources, "blue");
    const [greenKey, greenBlock] = byName(resources, "green");
    expect(blueBlock.depends_on).toEqual(["time_sleep.network-ready"]);
    expect(greenBlock.depends_on).toEqual([`azapi_resource.${blueKey}`]);
    const traffic = Object.values(resources.azapi_update_resource)[0] as any;
    // Every deployment is named in both maps: azapi merges the body into the endpoint, so an omitted one would keep its share.
    expect(traffic.body).toEqual({ properties: { traffic: { blue: 90, green: 10 }, mirrorTraffic: { blue: 0, green: 0 } } });
    expect(traffic.depends_on).toEqual([`azapi_resource.${blueKey}`, `azapi_resource.${greenKey}`]);
  });

  test("the traffic update speaks API 2023-04-01 (the first stable one with mirrorTraffic) and is set again whenever the endpoint changes", () => {
    const traffic = Object.values(resources.azapi_update_resource)[0] as any;
    const [endpointKey] = byName(resources, "llm");
    expect(traffic.type).toBe("Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2023-04-01");
    // A write of the endpoint at 2022-10-01 drops mirrorTraffic (Learn); replacing the update re-applies it.
    expect(traffic.lifecycle.replace_triggered_by).toEqual([`azapi_resource.${endpointKey}`]);
  });

  test("shadow traffic: a copy of a share of requests to a deployment without live traffic; at most 50 %, never to a live deployment", () => {
    const shadow = (mirror: OnlineEndpointProps["mirror"], deployments = [{ ...blue, trafficPercent: 100 }, { ...green, trafficPercent: 0 }]) =>
      synth((scope) => new OnlineEndpoint(scope, "endpoint", { ...endpoint, deployments, mirror })).azapi_update_resource;
    expect((Object.values(shadow({ deployment: "green", percent: 20 }))[0] as any).body.properties).toEqual({ traffic: { blue: 100, green: 0 }, mirrorTraffic: { blue: 0, green: 20 } });
    expect(() => shadow({ deployment: "green", percent: 60 })).toThrow("Azure ML mirrors at most 50 % of traffic, not 60");
    expect(() => shadow({ deployment: "green", percent: 10 }, [blue, green])).toThrow("green takes live traffic and cannot also be mirrored to");
    expect(() => shadow({ deployment: "teal", percent: 10 })).toThrow('mirror names no deployment "teal"');
  });

  test("each deployment mounts the model asset where the server looks, and starts it with the given settings", () => {
    const [, greenBlock] = byName(resources, "green");
    expect(greenBlock.body.properties).toMatchObject({
      endpointComputeType: "Managed",
      instanceType: "Standard_ND96isr_H100_v5",
      environmentId: "/env/v2",
      model: "/workspaces/mlw/models/clinical-llm/versions/3",
      modelMountPath: "/models",
      environmentVariables: { MODEL_DIR: "/models", TENSOR_PARALLEL_SIZE: "8" },
    });
  });

  test("no egressPublicNetworkAccess (Learn: avoid it under a managed network) and no legacy Application Insights integration", () => {
    for (const name of ["blue", "green"]) {
      const properties = byName(resources, name)[1].body.properties;
      expect(properties).not.toHaveProperty("egressPublicNetworkAccess");
      expect(properties.appInsightsEnabled).toBe(false);
    }
  });

  test("liveness waits out the start-up budget; readiness keeps trying for as long; timeouts in ISO 8601; scaling left to Azure Monitor", () => {
    const [, greenBlock] = byName(resources, "green");
    expect(greenBlock.body.properties.livenessProbe).toMatchObject({ initialDelay: "PT2000S", failureThreshold: 6 });
    expect(greenBlock.body.properties.readinessProbe).toMatchObject({ initialDelay: "PT10S", period: "PT10S", failureThreshold: 200 });
    expect(greenBlock.body.properties).toMatchObject({ scaleSettings: { scaleType: "Default" }, requestSettings: { requestTimeout: "PT1.5S", maxConcurrentRequestsPerInstance: 4 } });
    expect(greenBlock.body.sku).toEqual({ name: "Default", capacity: 1 });
    expect(greenBlock.lifecycle.ignore_changes).toEqual(["body.sku.capacity"]);
  });

  test("without anything to wait for, the first deployment depends on nothing", () => {
    const built = synth((scope) => new OnlineEndpoint(scope, "endpoint", endpoint));
    expect(byName(built, "blue")[1]).not.toHaveProperty("depends_on");
  });
});

describe("ModelAsset", () => {
  const props: ModelAssetProps = {
    workspaceId: "/workspaces/mlw",
    store: { datastoreName: "modelstore", accountName: "stfhiproddp", containerName: "models", endpointSuffix: "core.windows.net" },
    name: "clinical-llm",
    versions: [{ version: "3", weightsSha256: "9".repeat(64), description: "405B parameters" }],
  };
  let resources: any;
  let asset!: ModelAsset;
  beforeAll(() => {
    resources = synth((scope) => {
      asset = new ModelAsset(scope, "model", props);
    });
  });

  test("the weights are the `<name>/<version>/` folder of the store, named through the datastore", () => {
    expect(weightsFolder("clinical-llm", "3")).toBe("clinical-llm/3/");
    expect(asset.modelUri("3")).toBe("azureml://datastores/modelstore/paths/clinical-llm/3/");
    expect(() => asset.versionId("4")).toThrow(/no model version 4/);
  });

  test("the datastore is identity-based: no key or SAS, the reader's own role decides", () => {
    const [, datastore] = byName(resources, "modelstore");
    expect(datastore.type).toBe(AML_RESOURCE_TYPES.datastore);
    expect(datastore.parent_id).toBe("/workspaces/mlw");
    expect(datastore.body.properties).toMatchObject({ datastoreType: "AzureBlob", accountName: "stfhiproddp", containerName: "models", endpoint: "core.windows.net", protocol: "https", credentials: { credentialsType: "None" } });
  });

  test("the version is a CustomModel under its container, records the weights' hash, and is created after the datastore", () => {
    const [containerKey, container] = byName(resources, "clinical-llm");
    const [datastoreKey] = byName(resources, "modelstore");
    const [, version] = byName(resources, "3");
    expect(container.type).toBe(AML_RESOURCE_TYPES.modelContainer);
    expect(version.type).toBe(AML_RESOURCE_TYPES.modelVersion);
    expect(version.parent_id).toBe(`\${azapi_resource.${containerKey}.id}`);
    expect(version.body.properties).toEqual({ modelType: "CustomModel", modelUri: "azureml://datastores/modelstore/paths/clinical-llm/3/", description: "405B parameters", properties: { weightsSha256: "9".repeat(64) } });
    expect(version.depends_on).toEqual([`azapi_resource.${datastoreKey}`]);
  });

  test("a new version is a new resource: the old version's weights are never rewritten", () => {
    const next = synth((scope) => new ModelAsset(scope, "model", { ...props, versions: [...props.versions, { version: "4", weightsSha256: "4".repeat(64) }] }));
    const key = (built: any, name: string) => byName(built, name)[0];
    // Both versions exist while blue and green run them; version 3 keeps its address, so it is never replaced.
    expect(key(next, "3")).toBe(key(resources, "3"));
    expect(key(next, "4")).not.toBe(key(resources, "3"));
    expect(byName(next, "4")[1].body.properties.modelUri).toBe("azureml://datastores/modelstore/paths/clinical-llm/4/");
  });

  test("a version listed twice is refused", () => {
    expect(() => synth((scope) => new ModelAsset(scope, "model", { ...props, versions: [...props.versions, ...props.versions] }))).toThrow(/version 3 of clinical-llm is listed twice/);
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
