import { pilot } from "../../environments/pilot";
import { prod } from "../../environments/prod";
import { catalogWith, rollingOut } from "../fixtures/releases";
import { pinToday } from "../support/today";
import { seedEstate, startHarness, type Harness } from "./support/estate";

pinToday("2026-12-01");
const NOW = new Date("2026-12-01T06:00:00.000Z");
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  h.server.clock = () => NOW;
  h.use({ prod: rollingOut(prod, 1) as any, pilot: rollingOut(pilot, 1) as any }, catalogWith());
  seedEstate(h.server, h.environment("prod"));
  seedEstate(h.server, h.environment("pilot"));
});
afterAll(() => h.server.close());

test("smoke", async () => {
  const GREEN = "/subscriptions/00000000-0000-0000-0000-00000000e001/resourcegroups/rg-fhi-prod-eus2-inference/providers/microsoft.machinelearningservices/workspaces/mlw-fhi-prod-eus2/onlineendpoints/fhi-llm-us/deployments/green";
  h.server.metricValues.set(`${GREEN}|RequestLatency_P95`, 3210);
  h.server.metricValues.set(`${GREEN}|GpuUtilizationPercentage`, 71.5);
  h.server.serverErrorPercent.set("green", 0.12);
  for (const argv of [
    ["rollout", "status", "--env", "prod", "--endpoint", "fhi-llm-us"],
    ["rollout", "advance", "--env", "prod", "--endpoint", "fhi-llm-us", "--dry-run"],
    ["rollout", "advance", "--env", "prod", "--endpoint", "fhi-llm-us", "--yes"],
    ["rollout", "status", "--env", "prod", "--endpoint", "fhi-llm-us"],
    ["rollout", "rollback", "--env", "prod", "--endpoint", "fhi-llm-us", "--yes", "--reason", "INC-1 latency"],
    ["rollout", "status", "--env", "pilot", "--endpoint", "fhi-llm-pilot"],
  ]) {
    const out = await h.fhi(argv, { now: NOW });
    console.log(`$ ${argv.join(" ")}\n${out.stdout}${out.stderr}[exit ${out.code}]`);
  }
  console.log(JSON.stringify(h.audit(), null, 1));
  console.log(h.server.requests.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.query)}`).join("\n"));
});
