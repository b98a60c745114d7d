import { servedModelName } from "../../environments/schema/releases";
import { Testing, TerraformOutput } from "cdktf";
import { loadEnvironments } from "../../stacks/synth";
import { endpointBaseUrl } from "../../stacks/gateway-stack";
import { synthesizedEstateForThisFile } from "../support/synthesized";
import { bodyChecks, child, parsePolicy, section } from "../constructs/api-gateway/policy-tree";

const synthesized = synthesizedEstateForThisFile();

const [prod] = loadEnvironments(["prod"]);
const inStack = (stack: string, type: string) => synthesized.resources.filter(([name, resourceType]) => name === stack && resourceType === type).map(([, , , block]) => block as Record<string, any>);

describe.each(prod.regions.map((region) => region.location))("prod's gateway in %s", (location) => {
  const stack = `prod-${location}-gateway`;
  const region = prod.regions.find((candidate) => candidate.location === location)!;

  test("calls each online endpoint on its documented data-plane host, https://<endpoint>.<region>.inference.ml.azure.com", () => {
    expect(inStack(stack, "azurerm_api_management_backend").map((backend) => [backend.name, backend.url])).toEqual(
      region.endpoints.map((endpoint) => [`be-${endpoint.name}`, `https://${endpoint.name}.${location}.inference.ml.azure.com`]),
    );
  });

  test("every product sends the model call to /score, with bodies and completion tokens bounded by the model's context", () => {
    const policies = inStack(stack, "azurerm_api_management_product_policy");
    expect(policies).toHaveLength(prod.api!.products.length);
    for (const policy of policies) {
      const inbound = section(parsePolicy(String(policy.xml_content)), "inbound");
      expect(child(inbound, "rewrite-uri").attributes).toEqual({ template: "/score", "copy-unmatched-params": "false" });
      // 32768 tokens x 12 bytes + 16 KiB.
      expect(child(bodyChecks(inbound), "validate-content").attributes["max-size"]).toBe("409600");
      expect(child(child(bodyChecks(inbound), "choose"), "when").attributes.condition).toContain(`requested > ${prod.releases[prod.modelServer.release].model.maxModelLength};`);
    }
  });

  test("offers chat completions and GET /v1/models, which the gateway answers itself with the configured model", () => {
    expect(inStack(stack, "azurerm_api_management_api_operation").map((operation) => `${operation.method} ${operation.url_template}`).sort()).toEqual(["GET /v1/models", "POST /v1/chat/completions"]);
    const [models] = inStack(stack, "azurerm_api_management_api_operation_policy");
    expect(models.operation_id).toBe("models");
    const answer = child(section(parsePolicy(String(models.xml_content)), "inbound"), "return-response");
    expect(child(answer, "set-status").attributes.code).toBe("200");
    expect(JSON.parse(child(answer, "set-body").text!)).toEqual({ object: "list", data: [{ id: servedModelName(prod), object: "model", owned_by: "clinical-ai-platform" }] });
  });
});

test("outside the public cloud the base URL is the endpoint's own scoring URI without /score", () => {
  const synthesized = JSON.parse(
    Testing.synthScope((scope) => {
      const scoringUri = new TerraformOutput(scope, "scoring", { value: "https://fhi-llm-us.usgovvirginia.inference.ml.azure.us/score" });
      new TerraformOutput(scope, "base", { value: endpointBaseUrl({ ...prod, cloud: "AzureUSGovernment" }, "usgovvirginia", { name: "fhi-llm-us", resourceId: "/id", scoringUri: scoringUri.value as string }) });
    }),
  );
  expect(synthesized.output.base.value).toBe('${replace("https://fhi-llm-us.usgovvirginia.inference.ml.azure.us/score", "/score", "")}');
  expect(endpointBaseUrl(prod, "eastus2", { name: "fhi-llm-us", resourceId: "/id", scoringUri: "unused" })).toBe("https://fhi-llm-us.eastus2.inference.ml.azure.com");
});
