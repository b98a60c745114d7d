/**
 * The on-call runbook shows real output. This test replays its scenario against the fake Azure server and checks
 * that every example in docs/runbooks/on-call.md is still what `fhi` prints (IDs, versions and dates aside).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Readable } from "node:stream";
import { RegionNames } from "../../environments/schema/naming";
import { startHarness, seedEstate, type Harness } from "./support/estate";

const RUNBOOK = path.join(__dirname, "..", "..", "docs", "runbooks", "on-call.md");
const DEV_POOL =
  "/subscriptions/00000000-0000-0000-0000-00000000d001/resourceGroups/rg-fhi-dev-eus2-inference/providers/Microsoft.ContainerService/managedClusters/aks-fhi-dev-eus2/agentPools/gput4";
const DAY = 86_400;

let h: Harness;
const produced: { command: string; output: string }[] = [];

beforeAll(async () => {
  h = await startHarness();
  seedEstate(h.server, h.environment("prod"));
  seedEstate(h.server, h.environment("dev"));
});
afterAll(() => h.server.close());

async function fhi(argv: string[], options: Parameters<Harness["fhi"]>[1] = {}) {
  const { code, stdout, stderr } = await h.fhi(argv, options);
  const command = `$ npx fhi ${argv.map((a) => (a.includes(" ") ? `"${a}"` : a)).join(" ")}`;
  produced.push({ command, output: `${command}\n${stdout}${stderr}[exit ${code}]` });
}

/** The runbook's scenario, in its order. */
async function replay() {
  const surge = ["--reason", "ED surge, INC-4711"];
  await fhi(["gpu", "status", "--env", "prod"]);
  await fhi(["gpu", "scale", "--env", "prod", "--pool", "blue", "--max", "6", ...surge]);
  await fhi(["gpu", "scale", "--env", "prod", "--pool", "eastus2/blue", "--max", "6", ...surge, "--dry-run"]);
  await fhi(["gpu", "scale", "--env", "prod", "--pool", "eastus2/blue", "--max", "6", ...surge]);
  await fhi(["gpu", "scale", "--env", "prod", "--pool", "eastus2/blue", "--max", "6", ...surge, "--yes"]);
  await fhi(["gpu", "status", "--env", "prod", "--region", "eastus2"]);
  await fhi(["gpu", "scale", "--env", "prod", "--pool", "eastus2/blue", "--max", "7", ...surge, "--yes"]);
  h.server.usages.set("swedencentral", [{ family: "standardNDSH100v5Family", current: 800, limit: 1000 }]);
  await fhi(["gpu", "scale", "--env", "prod", "--pool", "swedencentral/blue", "--max", "6", "--reason", "EU surge", "--yes"]);
  h.server.usages.set("swedencentral", [{ family: "standardNDSH100v5Family", current: 200, limit: 1000 }]);
  h.server.fail("PATCH", /autoscale-fhi-llm-eu-blue$/, { status: 409, body: { error: { code: "Conflict", message: "An operation is already in progress on this resource." } } });
  await fhi(["gpu", "scale", "--env", "prod", "--pool", "swedencentral/blue", "--max", "6", "--reason", "EU surge", "--yes"]);
  // A model served on a cluster: the node pool first, then the deployment's bounds.
  const load = ["--reason", "load test, CHG-311"];
  h.server.get(DEV_POOL).properties.count = 1;
  await fhi(["gpu", "status", "--env", "dev"]);
  await fhi(["gpu", "scale", "--env", "dev", "--pool", "blue", "--max", "3", ...load, "--yes"]);
  h.server.lro.pollsBeforeDone = 2;
  await fhi(["gpu", "scale", "--env", "dev", "--pool", "gput4", "--max", "3", ...load, "--yes"]);
  h.server.lro.pollsBeforeDone = 1;
  await fhi(["gpu", "scale", "--env", "dev", "--pool", "blue", "--max", "3", ...load, "--dry-run"]);
  await fhi(["gpu", "scale", "--env", "dev", "--pool", "blue", "--max", "3", ...load, "--yes"]);
  await fhi(["gpu", "status", "--env", "dev"]);
  await fhi(["gpu", "scale", "--env", "dev", "--pool", "blue", "--count", "3", ...load, "--yes"]);
  h.server.lro.outcome = "Failed";
  h.server.lro.error = { code: "ExtensionOperationFailed", message: "The flux extension did not respond in time." };
  await fhi(["gpu", "scale", "--env", "dev", "--pool", "blue", "--min", "2", ...load, "--yes"]);
  h.server.lro.outcome = "Succeeded";
  const prod = h.environment("prod");
  const now = Math.floor(Date.now() / 1000);
  for (const region of prod.regions) {
    h.server.seedSecret(new RegionNames(prod, region.location).keyVault(), "inference-hmac-key", {
      value: "old",
      contentType: "application/octet-stream",
      created: now - 97 * DAY,
      expires: now - 7 * DAY,
      enabled: true,
    });
  }
  await fhi(["secrets", "check", "--env", "prod"]);
  const newValue = Object.assign(Readable.from([Buffer.from("new-value")]), { isTTY: false });
  await fhi(["secrets", "rotate", "inference-hmac-key", "--env", "prod", "--reason", "max age passed, INC-4712"], { stdin: newValue });
  await fhi(["secrets", "list", "--env", "prod"]);
}

const normalise = (text: string) =>
  text
    .replace(/https:\/\/127\.0\.0\.1:(\d+|<port>)/g, "https://127.0.0.1:<port>")
    .replace(/\b[0-9a-f]{32}\b/g, "<version>")
    .replace(/\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d(\.\d+)?Z)?/g, "<date>")
    .replace(/req-\d{4}/g, "<request-id>")
    .replace(/\(\d+ s\)/g, "(<n> s)")
    .trimEnd();

function runbookExamples(): { command: string; output: string }[] {
  const text = fs.readFileSync(RUNBOOK, "utf8");
  return [...text.matchAll(/```text\n(\$ npx fhi [^\n]*)\n([\s\S]*?)```/g)].map((match) => ({ command: match[1], output: `${match[1]}\n${match[2]}` }));
}

test("every example in the runbook is what fhi prints today", async () => {
  await replay();
  const examples = runbookExamples();
  expect(examples.length).toBeGreaterThan(10);
  const remaining = [...produced];
  for (const example of examples) {
    const index = remaining.findIndex((run) => run.command === example.command);
    expect({ command: example.command, found: index >= 0 }).toEqual({ command: example.command, found: true });
    expect(normalise(example.output)).toBe(normalise(remaining[index].output));
    remaining.splice(index, 1);
  }
});

test("the audit records shown in the runbook have the fields fhi writes", () => {
  const text = fs.readFileSync(RUNBOOK, "utf8");
  const shown = [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => JSON.parse(match[1]) as Record<string, unknown>);
  const written = h.audit();
  expect(shown.length).toBe(3);
  for (const record of shown) {
    const real = written.find((r) => r.outcome === record.outcome && r.target === (record.target as string).split("<port>").join(h.server.url.split(":").pop()!));
    expect(real).toBeDefined();
    expect(Object.keys(record).sort()).toEqual(Object.keys(real!).sort());
    expect([record.before, record.after]).toEqual([real!.before, real!.after]);
    expect(String(record.message).replace(/req-\d{4}/g, "<request-id>")).toBe(String(real!.message).replace(/req-\d{4}/g, "<request-id>"));
  }
});
