import { Testing } from "cdktf";
import { AzapiProvider, AZAPI_PROVIDER_SOURCE, AZAPI_VERSION_CONSTRAINT } from "../../../constructs/azapi/provider";
import { AzapiResource, AzapiTrackedResource, AzapiUpdateResource } from "../../../constructs/azapi/resource";
import { AML_API_VERSION, AML_RESOURCE_TYPES, type OnlineDeploymentBody, type OnlineEndpointBody } from "../../../constructs/azapi/machine-learning";

const WORKSPACE_ID = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/mlw";

interface Synth {
  terraform: { required_providers: Record<string, { source: string; version: string }> };
  provider: Record<string, Record<string, unknown>[]>;
  resource: Record<string, Record<string, Record<string, unknown>>>;
}

function synth(): Synth {
  return JSON.parse(
    Testing.synthScope((scope) => {
      new AzapiProvider(scope, "azapi", { subscriptionId: "sub", tenantId: "tenant", environment: "public" });
      const endpoint = new AzapiTrackedResource<OnlineEndpointBody>(scope, "endpoint", {
        type: AML_RESOURCE_TYPES.onlineEndpoint,
        name: "llm",
        parentId: WORKSPACE_ID,
        location: "eastus2",
        identity: { type: "UserAssigned", identityIds: ["/subscriptions/s/id"] },
        tags: { owner: "team" },
        body: { kind: "Managed", properties: { authMode: "AADToken", publicNetworkAccess: "Disabled" } },
        responseExportValues: ["properties.scoringUri"],
      });
      const deployment = new AzapiResource<OnlineDeploymentBody>(scope, "deployment", {
        type: AML_RESOURCE_TYPES.onlineDeployment,
        name: "blue",
        parentId: endpoint.id,
        body: { properties: { endpointComputeType: "Managed", environmentId: endpoint.outputString("properties.scoringUri") }, sku: { name: "Default", capacity: 1 } },
        lifecycle: { ignoreChanges: ["body.sku.capacity"] },
      });
      new AzapiUpdateResource(scope, "traffic", {
        type: AML_RESOURCE_TYPES.onlineEndpoint,
        resourceId: endpoint.id,
        body: { properties: { traffic: { blue: 100 } } },
        dependsOn: [deployment],
      });
    }),
  ) as Synth;
}

describe("azapi binding", () => {
  let out: Synth;
  beforeAll(() => {
    out = synth();
  });

  it("requires the Azure/azapi provider pinned to 2.x", () => {
    expect(out.terraform.required_providers.azapi).toEqual({ source: AZAPI_PROVIDER_SOURCE, version: AZAPI_VERSION_CONSTRAINT });
    expect(AZAPI_VERSION_CONSTRAINT).toMatch(/^~> 2\.\d+$/);
    expect(out.provider.azapi[0]).toEqual({ subscription_id: "sub", tenant_id: "tenant", environment: "public" });
  });

  it("synthesizes azapi_resource with snake_case arguments and the body as an object with ARM's own keys", () => {
    const endpoint = out.resource.azapi_resource.endpoint;
    expect(endpoint).toEqual({
      type: `Microsoft.MachineLearningServices/workspaces/onlineEndpoints@${AML_API_VERSION}`,
      name: "llm",
      parent_id: WORKSPACE_ID,
      location: "eastus2",
      identity: [{ type: "UserAssigned", identity_ids: ["/subscriptions/s/id"] }],
      tags: { owner: "team" },
      body: { kind: "Managed", properties: { authMode: "AADToken", publicNetworkAccess: "Disabled" } },
      response_export_values: ["properties.scoringUri"],
    });
  });

  it("references one resource's id and exported output from another", () => {
    const deployment = out.resource.azapi_resource.deployment;
    expect(deployment.parent_id).toBe("${azapi_resource.endpoint.id}");
    expect((deployment.body as { properties: { environmentId: string } }).properties.environmentId).toBe("${azapi_resource.endpoint.output.properties.scoringUri}");
    expect(out.resource.azapi_update_resource.traffic).toMatchObject({
      resource_id: "${azapi_resource.endpoint.id}",
      body: { properties: { traffic: { blue: 100 } } },
      depends_on: ["azapi_resource.deployment"],
    });
  });

  it("leaves out what was not set and renders lifecycle.ignore_changes on body paths", () => {
    const deployment = out.resource.azapi_resource.deployment;
    expect(deployment).not.toHaveProperty("location");
    expect(deployment).not.toHaveProperty("tags");
    expect(deployment).not.toHaveProperty("identity");
    expect(deployment.lifecycle).toEqual({ ignore_changes: ["body.sku.capacity"] });
  });

  it("refuses to read an output path that was not exported", () => {
    Testing.synthScope((scope) => {
      const endpoint = new AzapiResource(scope, "e", { type: AML_RESOURCE_TYPES.onlineEndpoint, name: "x", parentId: WORKSPACE_ID, body: {} });
      expect(() => endpoint.outputString("properties.scoringUri")).toThrow(/not in responseExportValues/);
    });
  });
});

describe("typed bodies (checked by tsc)", () => {
  it("reject a body the SDK model would not accept", () => {
    const valid: OnlineDeploymentBody = { properties: { endpointComputeType: "Managed", model: "/models/m/versions/1", modelMountPath: "/models" } };
    // @ts-expect-error a deployment body is a managed one: Kubernetes online deployments are not built any more
    const wrongKind: OnlineDeploymentBody = { properties: { endpointComputeType: "Kubernetes" } };
    // @ts-expect-error the endpoint body needs properties.authMode
    const missingAuth: OnlineEndpointBody = { properties: {} };
    expect([valid, wrongKind, missingAuth]).toHaveLength(3);
  });
});
