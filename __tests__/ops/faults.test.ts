/**
 * The ops commands under faults the loopback Azure injects: refused credentials (Entra ID's token endpoint, a
 * managed identity endpoint), connections dropped mid-response, concurrent 5xx, unreachable vaults, and the
 * cloud given by a file instead of the environment.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Readable } from "node:stream";
import { run } from "../../scripts/program";
import { FAKE_TENANT, MANAGED_IDENTITY_PATH } from "./support/fake-azure";
import { useSeededHarness, type Harness, type Outcome } from "./support/estate";

let h: Harness;
const harness = useSeededHarness(["dev", "prod"]);
beforeEach(() => {
  h = harness();
});

const IDENTITY_VARIABLES = ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "IDENTITY_ENDPOINT", "IDENTITY_HEADER", "AZURE_FEDERATED_TOKEN_FILE"];
const savedEnvironment = Object.fromEntries(IDENTITY_VARIABLES.map((name) => [name, process.env[name]]));
afterEach(() => {
  for (const [name, value] of Object.entries(savedEnvironment)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** `fhi` with the credential @azure/identity builds from the process environment (DefaultAzureCredential), not the test's. */
async function fhiWithDefaultCredential(argv: string[], variables: Record<string, string>): Promise<Outcome> {
  for (const name of IDENTITY_VARIABLES) delete process.env[name];
  Object.assign(process.env, variables);
  let stdout = "";
  let stderr = "";
  const code = await run(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    stdin: Object.assign(Readable.from([]), { isTTY: false }),
    env: { NODE_EXTRA_CA_CERTS: h.server.caFile },
    cwd: h.dir,
    environments: h.catalog,
    azure: { retry: { maxRetries: 2, retryDelayInMs: 5, maxRetryDelayInMs: 20 }, pollIntervalMs: 5 },
  });
  return { code, stdout, stderr };
}

const SERVICE_PRINCIPAL = { AZURE_TENANT_ID: FAKE_TENANT, AZURE_CLIENT_ID: "11111111-2222-3333-4444-555555555555", AZURE_CLIENT_SECRET: "not-the-secret" };

describe("a credential that is present but refused says which, what Entra ID answered, and that credential's fix", () => {
  test("a service principal's secret refused by the token endpoint (401 invalid_client, AADSTS7000215)", async () => {
    const refused = {
      status: 401,
      body: {
        error: "invalid_client",
        error_description: "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID. Trace ID: 0f Correlation ID: 1e Timestamp: 2026-11-25 03:00:00Z",
        error_codes: [7000215],
      },
    };
    h.server.fail("POST", /oauth2\/v2\.0\/token$/, refused, refused, refused, refused);
    const { code, stdout } = await fhiWithDefaultCredential(["gpu", "status", "--env", "dev"], SERVICE_PRINCIPAL);
    expect(h.server.tokenRequests().length).toBeGreaterThan(0);
    expect(code).toBe(2);
    expect(stdout).toContain(
      `no Azure token for tenant ${FAKE_TENANT}: EnvironmentCredential was tried and refused: invalid_client: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID. Fix: the client secret is wrong: set AZURE_CLIENT_SECRET to the secret's value (not its ID), or create a new secret for the app`,
    );
    expect(stdout).not.toContain("no credential was available");
  });

  test("a managed identity endpoint that answers 400", async () => {
    const notFound = { status: 400, body: { error: "invalid_request", error_description: "Identity not found" } };
    h.server.fail("GET", new RegExp(`^${MANAGED_IDENTITY_PATH}$`), notFound, notFound, notFound, notFound, notFound, notFound);
    const { code, stdout } = await fhiWithDefaultCredential(["gpu", "status", "--env", "dev"], { IDENTITY_ENDPOINT: `${h.server.url}${MANAGED_IDENTITY_PATH}`, IDENTITY_HEADER: "header" });
    expect(code).toBe(2);
    expect(stdout).toContain("ManagedIdentityCredential was tried and refused: invalid_request: Identity not found. Fix: this host's managed identity endpoint refused: assign a managed identity");
  });

  test("a service principal that works is used as is", async () => {
    const { code } = await fhiWithDefaultCredential(["gpu", "status", "--env", "dev"], SERVICE_PRINCIPAL);
    expect(code).toBe(0);
    expect(h.server.tokenRequests()).not.toHaveLength(0);
  });
});

describe("transport faults", () => {
  test("one connection dropped mid-response is retried and the read succeeds (was: 'Error reading response as text: aborted', exit 1)", async () => {
    h.server.fail("GET", /agentPools\/gput4$/, "drop");
    const { code, stdout } = await h.fhi(["gpu", "status", "--env", "dev"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^eastus2\/gput4\s+AKS node pool\s+\S+\s+Succeeded/m);
    expect(h.server.requests.filter((r) => /agentPools\/gput4$/.test(r.path))).toHaveLength(2);
  });

  test("a connection that keeps dropping ends with what happened, the attempts and what to do", async () => {
    h.server.fail("GET", /agentPools\/gput4$/, "drop", "drop", "drop");
    const { code, stdout } = await h.fhi(["gpu", "status", "--env", "dev"]);
    expect(code).toBe(2);
    expect(stdout).toContain("eastus2/gput4: the connection broke in the middle of Azure's answer while reading eastus2/gput4 (3 attempts): Error reading response as text: aborted. Nothing is known to have changed by this request. Fix: check the network path to 127.0.0.1:");
  });

  test("attempts are counted per request, not across concurrent reads that also failed (was: 12 attempts)", async () => {
    const unavailable = { status: 503, body: { error: { code: "ServiceUnavailable", message: "try later" } } };
    const deployments = /onlineEndpoints\/fhi-llm-(us|eu)\/deployments\/blue$/;
    h.server.fail("GET", deployments, unavailable, unavailable, unavailable, unavailable, unavailable, unavailable);
    const { code, stdout } = await h.fhi(["gpu", "status", "--env", "prod"]);
    expect(code).toBe(2);
    expect(h.server.requests.filter((r) => deployments.test(r.path))).toHaveLength(6);
    expect(stdout).toContain("Azure failed (503 ServiceUnavailable) while reading eastus2/fhi-llm-us/blue, 3 attempts.");
    expect(stdout).not.toMatch(/[4-9] attempts|\d\d attempts/);
  });

  test("a vault whose name does not resolve from here fails at once, saying why and what to do (was: getaddrinfo ENOTFOUND after ~7 s)", async () => {
    const cloudFile = path.join(h.dir, "outside.json");
    fs.writeFileSync(cloudFile, JSON.stringify({ resourceManagerUrl: h.server.url, keyVaultDnsSuffix: ".vault.invalid", authorityHost: h.server.url }));
    const started = Date.now();
    const { code, stderr } = await h.fhi(["secrets", "list", "--env", "dev", "--cloud-config", cloudFile]);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /cannot reach kv-fhi-dev-eus2-\w+\.vault\.invalid while listing secrets in kv-fhi-dev-eus2-\w+: the name does not resolve from this network \(ENOTFOUND\); the environment's Key Vaults take private endpoint traffic only\. Fix: run from a network that reaches it/,
    );
  });
});

describe("the cloud from a file instead of the environment (sovereign and private clouds, tests)", () => {
  const publicCatalog = () => Object.fromEntries(Object.entries(h.catalog).map(([name, input]) => [name, { ...input, cloud: "AzureCloud" as const }]));
  const fhiPublic = async (argv: string[], env: NodeJS.ProcessEnv) => {
    let stdout = "";
    let stderr = "";
    const code = await run(argv, {
      stdout: (text) => (stdout += text),
      stderr: (text) => (stderr += text),
      env: { NODE_EXTRA_CA_CERTS: h.server.caFile, ...env },
      cwd: h.dir,
      environments: publicCatalog(),
      azure: { credential: h.credential, retry: { maxRetries: 0 } },
    });
    return { code, stdout, stderr };
  };

  test("FHI_CLOUD_CONFIG (or --cloud-config) names a JSON file whose endpoints replace the environment's", async () => {
    fs.writeFileSync(path.join(h.dir, "cloud.json"), JSON.stringify({ resourceManagerUrl: h.server.url, keyVaultDnsSuffix: ".vault.fake", authorityHost: h.server.url, keyVaultEndpoint: h.server.url }));
    const viaVariable = await fhiPublic(["gpu", "status", "--env", "dev"], { FHI_CLOUD_CONFIG: "cloud.json" });
    expect(viaVariable.code).toBe(0);
    const viaFlag = await fhiPublic(["gpu", "status", "--env", "dev", "--cloud-config", "cloud.json"], {});
    expect(viaFlag.code).toBe(0);
    expect(h.server.requests.length).toBeGreaterThan(0);
  });

  test("the file is checked like the config: field, nearest key, fix; exit 2 and nothing sent", async () => {
    fs.writeFileSync(path.join(h.dir, "bad.json"), JSON.stringify({ resourceManagerUrl: "not a url", keyVaultDnsSufix: ".vault.fake", authorityHost: h.server.url }));
    const { code, stderr } = await fhiPublic(["gpu", "status", "--env", "dev", "--cloud-config", "bad.json"], {});
    expect(code).toBe(2);
    expect(stderr).toContain(`${path.join(h.dir, "bad.json")}: keyVaultDnsSufix: unknown field. Fix: did you mean "keyVaultDnsSuffix"?`);
    expect(stderr).toContain(`${path.join(h.dir, "bad.json")}: resourceManagerUrl:`);
    expect(h.server.requests).toEqual([]);
  });

  test("a file that is missing or not JSON is a usage error naming it", async () => {
    expect((await fhiPublic(["gpu", "status", "--env", "dev", "--cloud-config", "missing.json"], {})).stderr).toContain("missing.json: cannot be read (ENOENT)");
    fs.writeFileSync(path.join(h.dir, "broken.json"), "{");
    const broken = await fhiPublic(["gpu", "status", "--env", "dev"], { FHI_CLOUD_CONFIG: "broken.json" });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain("broken.json: not JSON");
  });
});

test("an output format that does not exist is a usage error (was: silently a table)", async () => {
  for (const argv of [["gpu", "status", "--env", "dev"], ["secrets", "list", "--env", "dev"]]) {
    const { code, stderr } = await h.fhi([...argv, "--format", "xml"]);
    expect(code).toBe(2);
    expect(stderr).toContain("argument 'xml' is invalid. Allowed choices are table, json.");
  }
  expect(h.server.requests).toEqual([]);
});
