import * as fs from "node:fs";
import * as path from "node:path";
import { loadEnvironments } from "../../stacks/synth";
import { gatewaySteps, requestPathDiagram, withRequestPath } from "../../stacks/request-path";

const PAGE = path.join(__dirname, "..", "..", "docs", "request-path.md");
const [prod] = loadEnvironments(["prod"]);

test("docs/request-path.md shows the diagram of the current config and policy code", () => {
  const page = fs.readFileSync(PAGE, "utf8");
  const current = withRequestPath(page, prod, "eu");
  if (process.env.FHI_UPDATE_DOCS === "1") fs.writeFileSync(PAGE, current);
  // Stale: FHI_UPDATE_DOCS=1 npx jest __tests__/stacks/edge-request-path.test.ts
  expect(page).toBe(current);
});

test("the EU path names the EU host, the swedencentral gateway and endpoint, and no US region", () => {
  const diagram = requestPathDiagram(prod, "eu");
  expect(diagram).toContain("eu.api.clinical-ai.hospital.example");
  expect(diagram).toMatch(/API Management apim-fhi-prod-sdc-[0-9a-f]{5} \(swedencentral\)/);
  const sku = (prod.regions.find((region) => region.location === "swedencentral")!.endpoints[0].deployments[0].compute as { instanceType: string }).instanceType;
  expect(diagram).toContain(`Azure ML endpoint fhi-llm-eu (swedencentral, ${sku})`);
  expect(diagram).toContain("origin group og-eu (only swedencentral: no failover out of eu)");
  expect(diagram).not.toContain("eastus2");
});

test("the gateway steps are read from the deployed policy, so a reordered policy changes the page", () => {
  expect(gatewaySteps(prod, "swedencentral")).toEqual([
    "validate-jwt",
    "on POST (validate-content, 400 if max_completion_tokens > context)",
    "llm-token-limit",
    "llm-emit-token-metric",
    "set-header",
    "authentication-managed-identity",
    "set-backend-service",
    "rewrite-uri",
    "retry",
  ]);
  expect(requestPathDiagram(prod, "eu")).toContain(`Note over G: ${gatewaySteps(prod, "swedencentral").join(" → ")}`);
});

test("the gateway calls /score, the path an online endpoint forwards, and Front Door probes the gateway's health endpoint", () => {
  const diagram = requestPathDiagram(prod, "eu");
  const { model } = prod.releases[prod.modelServer.release];
  expect(diagram).toContain("G->>M: POST /score (rewritten from /v1/chat/completions)");
  expect(diagram).toContain(`/score → the model server's scoring route ${prod.modelServer.routes.scoring}, model ${model.name}:${model.version} of release ${prod.modelServer.release} mounted from the model asset`);
  expect(diagram).toContain("probes /status-0123456789abcdef (the gateway's own health endpoint)");
  expect(diagram).not.toContain("/probe/ready");
});

test("configured failover shows in the diagram", () => {
  const withFailover = { ...prod, api: { ...prod.api!, geographies: { ...prod.api!.geographies, eu: { ...prod.api!.geographies.eu, failoverTo: "us" } } } };
  expect(requestPathDiagram(withFailover, "eu")).toContain("+ us at priority 2 (configured failover)");
});

test("asking for a geography that does not exist, or a page without markers, is an error naming the fix", () => {
  expect(() => requestPathDiagram(prod, "apac")).toThrow(/Fix: use one of us, eu/);
  expect(() => withRequestPath("# no markers", prod, "eu")).toThrow(/request-path:start/);
});
