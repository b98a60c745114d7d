import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildApp } from "../../stacks/app";
import { loadEnvironments, readSynthesizedStacks } from "../../stacks/synth";

/** prod during a gateway's first apply: swedencentral's Private Link connection awaits approval. */
const [prod] = loadEnvironments(["prod"]);
const pending = { ...prod, api: { ...prod.api!, gateway: { ...prod.api!.gateway, privateLinkPendingRegions: ["swedencentral" as const] } } };

let outdir: string;
let apimByRegion: Record<string, Record<string, any>>;
beforeAll(() => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), "fhi-edge-pending-"));
  buildApp([pending], outdir).synth();
  const gateways = readSynthesizedStacks(outdir).filter((stack) => stack.stack.endsWith("-gateway"));
  apimByRegion = Object.fromEntries(
    gateways.map((stack) => {
      const json = JSON.parse(fs.readFileSync(stack.file, "utf8"));
      return [stack.region, Object.values(json.resource.azurerm_api_management)[0] as Record<string, any>];
    }),
  );
});
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

test("only the pending region's gateway keeps public network access, with the policy finding waived and the reason given", () => {
  expect(apimByRegion.swedencentral.public_network_access_enabled).toBe(true);
  expect(apimByRegion.swedencentral["//"].policy_suppressions).toEqual([
    { ruleId: "FHI-APIM-001", reason: expect.stringContaining("privateLinkPendingRegions") },
  ]);
  expect(apimByRegion.eastus2.public_network_access_enabled).toBe(false);
  expect(apimByRegion.eastus2["//"]).not.toHaveProperty("policy_suppressions");
});
