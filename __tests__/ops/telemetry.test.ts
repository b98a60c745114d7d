import * as dns from "node:dns";
import * as fs from "node:fs";
import * as https from "node:https";
import * as path from "node:path";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { gunzipSync } from "node:zlib";
import { makeCertificate } from "./support/fake-azure";
import { startHarness, seedEstate, type Harness } from "./support/estate";

/** A stand-in for Application Insights' ingestion endpoint that keeps every raw payload. */
async function startIngestion(): Promise<{ url: string; caFile: string; payloads: string[]; close: () => Promise<void> }> {
  const payloads: string[] = [];
  const { key, cert, certFile } = makeCertificate();
  const server = https.createServer({ key, cert }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      payloads.push((request.headers["content-encoding"] === "gzip" ? gunzipSync(body) : body).toString("utf8"));
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ itemsReceived: 1, itemsAccepted: 1, errors: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    caFile: certFile,
    payloads,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

interface Envelope {
  name: string;
  data: { baseType: string; baseData: { name: string; properties?: Record<string, string>; resultCode?: string } };
  tags: Record<string, string>;
}

let h: Harness;
let ingestion: Awaited<ReturnType<typeof startIngestion>>;

beforeAll(async () => {
  h = await startHarness();
  ingestion = await startIngestion();
  seedEstate(h.server, h.environment("prod"));
  seedEstate(h.server, h.environment("dev"));
});
afterAll(async () => {
  await h.server.close();
  await ingestion.close();
});

/** Both servers' certificates in one bundle, as a private cloud's CA bundle would hold its CAs. */
const connection = () => {
  const bundle = path.join(h.dir, "ca-bundle.pem");
  fs.writeFileSync(bundle, `${h.server.caPem}\n${fs.readFileSync(ingestion.caFile, "utf8")}`);
  return {
    NODE_EXTRA_CA_CERTS: bundle,
    APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=${ingestion.url}`,
  };
};
const envelopes = (): Envelope[] => ingestion.payloads.flatMap((payload) => JSON.parse(payload) as Envelope[]);

test("a command is one trace: a span for the command with the audit fields, a child span per Azure call", async () => {
  const { code } = await h.fhi(["gpu", "scale", "--env", "prod", "--pool", "eastus2/fhi-llm-us/blue", "--max", "6", "--reason", "patient J. Doe in bay 4", "--yes"], { env: connection() });
  expect(code).toBe(0);
  const sent = envelopes();
  const command = sent.find((e) => e.data.baseData.name === "fhi gpu scale")!;
  expect(command.data.baseData.properties).toMatchObject({
    "fhi.audit.command": "gpu scale",
    "fhi.audit.environment": "prod",
    "fhi.audit.outcome": "succeeded",
    "fhi.audit.who": "oncall@hospital.example",
    "fhi.audit.after": JSON.stringify({ min: 2, max: 6, count: 2, provisioningState: "Succeeded" }),
  });
  const operationId = command.tags["ai.operation.id"];
  const calls = sent.filter((e) => e !== command && e.data.baseType === "RemoteDependencyData" && e.tags["ai.operation.id"] === operationId);
  expect(calls.map((e) => e.data.baseData.name)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^PATCH \/subscriptions\/.*\/autoscalesettings\/autoscale-fhi-llm-us-blue$/), expect.stringMatching(/^GET .*\/usages$/)]),
  );
  expect(calls.length).toBe(h.server.requests.length);
  // The reason may name a patient: it stays in the local audit log and never leaves the machine.
  expect(ingestion.payloads.join("")).not.toContain("J. Doe");
});

test("scaling a cluster-served deployment traces the Flux configuration's PATCH, its polls and the state after", async () => {
  ingestion.payloads.length = 0;
  h.server.requests.length = 0;
  const { code } = await h.fhi(["gpu", "scale", "--env", "dev", "--pool", "blue", "--min", "0", "--reason", "night, INC-4801", "--yes"], { env: connection() });
  expect(code).toBe(0);
  const sent = envelopes();
  const command = sent.find((e) => e.data.baseData.name === "fhi gpu scale")!;
  expect(command.data.baseData.properties).toMatchObject({
    "fhi.audit.environment": "dev",
    "fhi.audit.target": expect.stringMatching(/^eastus2\/fhi-llm-dev\/blue \/subscriptions\/.*\/fluxConfigurations\/model-serving$/),
    "fhi.audit.outcome": "succeeded",
    "fhi.audit.before": JSON.stringify({ min: 1, max: 2, provisioningState: "Succeeded", complianceState: "Compliant", nodes: 0 }),
    "fhi.audit.after": JSON.stringify({ min: 0, max: 2, provisioningState: "Succeeded", complianceState: "Pending", nodes: 0 }),
  });
  const calls = sent.filter((e) => e !== command && e.data.baseType === "RemoteDependencyData" && e.tags["ai.operation.id"] === command.tags["ai.operation.id"]).map((e) => e.data.baseData.name);
  expect(calls).toEqual(expect.arrayContaining([expect.stringMatching(/^PATCH \/subscriptions\/.*\/fluxConfigurations\/model-serving$/), expect.stringMatching(/^GET \/fake-operations\//)]));
  expect(calls.length).toBe(h.server.requests.length);
  expect(ingestion.payloads.join("")).not.toContain("INC-4801");
});

test("a secret's value reaches Key Vault and nothing else", async () => {
  ingestion.payloads.length = 0;
  const value = "telemetry-canary-7f3a9c";
  const { code } = await h.fhi(["secrets", "set", "inference-hmac-key", "--env", "prod", "--reason", "initial load"], {
    env: connection(),
    stdin: Object.assign(Readable.from([Buffer.from(value)]), { isTTY: false }),
  });
  expect(code).toBe(0);
  expect(h.server.writes().some((r) => r.body.value === value)).toBe(true);
  const command = envelopes().find((e) => e.data.baseData.name === "fhi secrets set")!;
  expect(command.data.baseData.properties).toMatchObject({ "fhi.audit.outcome": "succeeded" });
  expect(ingestion.payloads.length).toBeGreaterThan(0);
  expect(ingestion.payloads.join("")).not.toContain(value);
});

test("telemetry goes to the connection string's endpoint and nowhere else: no Statsbeat, no remote-configuration poll", async () => {
  ingestion.payloads.length = 0;
  const hostsLookedUp: string[] = [];
  const lookup = jest.spyOn(dns, "lookup").mockImplementation(((host: string, ...rest: unknown[]) => {
    hostsLookedUp.push(host);
    const callback = rest.at(-1) as (error: Error) => void;
    callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" }));
  }) as unknown as typeof dns.lookup);
  try {
    // Earlier tests scaled prod's pools past the config, so status exits 1 (drift): it ran, read and reported.
    const { code, stdout } = await h.fhi(["gpu", "status", "--env", "prod"], { env: connection() });
    expect({ code, drift: /drift/i.test(stdout) }).toEqual({ code: 1, drift: true });
  } finally {
    lookup.mockRestore();
  }
  expect(envelopes().some((e) => e.data.baseData.name === "fhi gpu status")).toBe(true);
  // Every endpoint here is an IP address, so any name looked up is somewhere else: Statsbeat's
  // westus-0.in.applicationinsights.azure.com, sent at shutdown unless APPLICATION_INSIGHTS_NO_STATSBEAT is set.
  expect(hostsLookedUp).toEqual([]);
  // The exporter's poll of settings.sdk.monitor.azure.com is due 5 to 15 s after the start: its worker must be gone.
  const distroFolder = path.dirname(require.resolve("@azure/monitor-opentelemetry"));
  const exporterEntry = require.resolve("@azure/monitor-opentelemetry-exporter", { paths: [distroFolder] });
  const { ConfigurationManager } = require(path.join(path.dirname(exporterEntry), "_configuration", "configurationManager.js"));
  expect(ConfigurationManager.getInstance().worker).toBeUndefined();
});
