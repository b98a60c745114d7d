import { API_VERSIONS } from "../../ops/gpu/arm";
import { startHarness, seedEstate, type Harness } from "./support/estate";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.server.close());
beforeEach(() => {
  h.server.resetTraffic();
  h.server.resources.clear();
  seedEstate(h.server, h.environment("dev"));
  seedEstate(h.server, h.environment("prod"));
});

test("smoke", async () => {
  const out = await h.fhi(["gpu", "status", "--env", "prod"]);
  console.log(out.stdout, out.stderr);
  const out2 = await h.fhi(["gpu", "status", "--env", "dev"]);
  console.log(out2.stdout, out2.stderr, h.server.requests.map((r) => `${r.method} ${r.path} ${r.apiVersion}`).join("\n"));
  expect(API_VERSIONS).toBeDefined();
});
