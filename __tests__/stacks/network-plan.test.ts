import * as fs from "node:fs";
import * as path from "node:path";
import { loadEnvironments } from "../../stacks/synth";
import { addressPlanTable, networkDiagram, withNetworkPlan } from "../../stacks/network-plan";

const PAGE = path.join(__dirname, "..", "..", "docs", "architecture", "network.md");
const environments = loadEnvironments();

test("docs/architecture/network.md shows the address plan and diagram of the current config", () => {
  const page = fs.readFileSync(PAGE, "utf8");
  const current = withNetworkPlan(page, environments);
  if (process.env.FHI_UPDATE_DOCS === "1") fs.writeFileSync(PAGE, current);
  // Stale: FHI_UPDATE_DOCS=1 npx jest __tests__/stacks/network-plan.test.ts
  expect(page).toBe(current);
});

test("every subnet of every region is a row of the plan and a node of the diagram", () => {
  const table = addressPlanTable(environments);
  const diagram = networkDiagram(environments);
  for (const env of environments) {
    for (const region of env.regions) {
      for (const range of Object.values(region.subnets).filter(Boolean)) {
        expect(table).toContain(`| ${env.name} | ${region.location} |`);
        expect(table).toContain(`| ${range} |`);
        expect(diagram).toContain(`<br/>${range}<br/>`);
      }
    }
  }
});

test("the diagram shows pilot's peering and the routes to the hub firewall, and no hub elsewhere", () => {
  const diagram = networkDiagram(environments);
  expect(diagram).toMatch(/pilot_swedencentral_vnet <-->\|peering\| pilot_swedencentral_hub/);
  // The node pools' subnets; the router's load balancer subnet holds no NIC to route.
  expect(diagram.match(/-->\|0\.0\.0\.0\/0\| pilot_swedencentral_hub/g)).toEqual(["-->|0.0.0.0/0| pilot_swedencentral_hub", "-->|0.0.0.0/0| pilot_swedencentral_hub"]);
  expect(diagram).toMatch(/pilot_swedencentral_aksSystem -->\|0\.0\.0\.0\/0\|/);
  expect(diagram).toMatch(/pilot_swedencentral_aksGpu -->\|0\.0\.0\.0\/0\|/);
  expect(diagram).not.toMatch(/(dev|prod)_[a-z0-9]+_hub/);
});

test("a page without the generated markers is an error saying where they go", () => {
  expect(() => withNetworkPlan("# no markers", environments)).toThrow(/network-plan:start/);
});
