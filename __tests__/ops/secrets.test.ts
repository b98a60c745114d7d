import { Readable } from "node:stream";
import * as fs from "node:fs";
import { RegionNames } from "../../environments/schema/naming";
import { startHarness, type Harness } from "./support/estate";

let h: Harness;
let devVault: string;
let prodVaults: string[];

const VALUE = "hmac-Sup3r-s3cret-value-0001";
const DAY = 24 * 60 * 60;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const piped = (text: string) => Object.assign(Readable.from([Buffer.from(text)]), { isTTY: false });

beforeAll(async () => {
  h = await startHarness();
  const dev = h.environment("dev");
  devVault = new RegionNames(dev, dev.regions[0].location).keyVault();
  const prod = h.environment("prod");
  prodVaults = prod.regions.map((region) => new RegionNames(prod, region.location).keyVault());
});
afterAll(() => h.server.close());
beforeEach(() => {
  h.server.resetTraffic();
  h.server.vaults.clear();
  fs.rmSync(h.auditFile, { force: true });
});

const seedHmac = (vault: string, createdDaysAgo: number, options: { expiresInDays?: number; contentType?: string } = {}) =>
  h.server.seedSecret(vault, "inference-hmac-key", {
    value: "old-value-never-shown",
    contentType: options.contentType ?? "application/octet-stream",
    created: nowSeconds() - createdDaysAgo * DAY,
    expires: options.expiresInDays === undefined ? undefined : nowSeconds() + options.expiresInDays * DAY,
    enabled: true,
  });

describe("list and check", () => {
  test("list shows declared vs present with versions and expiry, never a value", async () => {
    seedHmac(devVault, 10, { expiresInDays: 80 });
    h.server.seedSecret(devVault, "leftover-token", { value: "leftover-value", created: nowSeconds(), enabled: true });
    const { code, stdout } = await h.fhi(["secrets", "list", "--env", "dev"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`${devVault}\\s+inference-hmac-key\\s+yes \\(max 90 d\\)\\s+yes\\s+[0-9a-f]{32}\\s+1\\s+\\d{4}-\\d\\d-\\d\\d\\s+\\d{4}-\\d\\d-\\d\\d\\s+10\\s*$`, "m"));
    expect(stdout).toMatch(/leftover-token\s+no\s+yes/);
    expect(stdout).not.toContain("old-value-never-shown");
    expect(stdout).not.toContain("leftover-value");
    // Only metadata was asked for: the secret listing and its versions, never GET secrets/<name>/<version>.
    const kvReads = h.server.requests.filter((r) => r.path.startsWith(`/${devVault}/`)).map((r) => r.path);
    expect(kvReads.every((p) => p === `/${devVault}/secrets` || p.endsWith("/versions"))).toBe(true);
  });

  test("check passes when every declared secret is present, in date and young enough", async () => {
    seedHmac(devVault, 10, { expiresInDays: 80 });
    const { code, stdout } = await h.fhi(["secrets", "check", "--env", "dev"]);
    expect(code).toBe(0);
    expect(stdout).toContain("all declared secrets are present, in date and within their max age");
  });

  test.each([
    ["missing", () => undefined, "missing: declared but not in the vault"],
    ["expired", () => seedHmac(devVault, 10, { expiresInDays: -1 }), "expired on"],
    ["older than max age", () => seedHmac(devVault, 91), "91 days old, max age is 90 days"],
    ["wrong content type", () => seedHmac(devVault, 1, { contentType: "text/plain" }), "content type text/plain, declared application/octet-stream"],
  ])("check fails when a declared secret is %s", async (_, seed, problem) => {
    seed();
    const { code, stdout } = await h.fhi(["secrets", "check", "--env", "dev"]);
    expect(code).toBe(1);
    expect(stdout).toContain(problem);
    expect(stdout).toContain("1 secret(s) need attention");
  });

  test("age is measured with the command's clock", async () => {
    seedHmac(devVault, 0, { expiresInDays: 90 });
    const later = new Date(Date.now() + 95 * DAY * 1000);
    const { code, stdout } = await h.fhi(["secrets", "check", "--env", "dev"], { now: later });
    expect(code).toBe(1);
    expect(stdout).toContain("95 days old, max age is 90 days");
    expect(stdout).toContain("expired on");
  });
});

describe("set and rotate", () => {
  test("set reads stdin and writes value, content type, expiry and tags after Key Vault's bearer challenge", async () => {
    const now = new Date("2026-11-25T03:00:00Z");
    const { code, stdout, stderr } = await h.fhi(["secrets", "set", "inference-hmac-key", "--env", "dev", "--reason", "initial load"], {
      stdin: piped(`${VALUE}\n`),
      now,
    });
    expect(code).toBe(0);
    const kv = h.server.requests.filter((r) => r.path === `/${devVault}/secrets/inference-hmac-key`);
    // The first request goes out without a token and gets the challenge; the SDK then retries with one.
    expect(h.server.requests[0].authorization).toBeUndefined();
    expect(h.credential.scopes).toContainEqual(["https://vault.fake/.default"]);
    const put = kv.find((r) => r.method === "PUT" && r.authorization)!;
    expect(put.apiVersion).toBe("2026-04-01");
    expect(put.body).toMatchObject({
      value: VALUE,
      contentType: "application/octet-stream",
      attributes: { exp: Math.floor(now.getTime() / 1000) + 90 * DAY },
      tags: { "managed-by": "fhi", "fhi-environment": "dev", "max-age-days": "90" },
    });
    expect(stdout).toMatch(/inference-hmac-key new version [0-9a-f]{32}, content type application\/octet-stream, expires 2027-02-23/);
    const audit = h.audit();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ command: "secrets set", environment: "dev", outcome: "succeeded", reason: "initial load", before: {} });
    expect(audit[0].target).toBe(`${h.server.url}/${devVault}/secrets/inference-hmac-key`);
    for (const text of [stdout, stderr, fs.readFileSync(h.auditFile, "utf8")]) expect(text).not.toContain(VALUE);
  });

  test("set writes every region's vault of a multi-region environment", async () => {
    const { code } = await h.fhi(["secrets", "set", "inference-hmac-key", "--env", "prod", "--reason", "initial load"], { stdin: piped(VALUE) });
    expect(code).toBe(0);
    expect(h.server.writes().map((r) => r.path.split("/")[1])).toEqual(prodVaults);
    expect(Object.keys(h.audit()[0].after as object)).toEqual(prodVaults);
  });

  test("rotate adds a version and reports the old version's expiry", async () => {
    seedHmac(devVault, 80, { expiresInDays: 10 });
    const old = h.server.vaults.get(devVault)!.get("inference-hmac-key")![0];
    const { code, stdout } = await h.fhi(["secrets", "rotate", "inference-hmac-key", "--env", "dev", "--reason", "quarterly rotation"], { stdin: piped(VALUE) });
    expect(code).toBe(0);
    expect(h.server.vaults.get(devVault)!.get("inference-hmac-key")).toHaveLength(2);
    expect(stdout).toContain(`previous version ${old.version} stays enabled and expires ${new Date(old.expires! * 1000).toISOString()}`);
    const [record] = h.audit();
    expect(record).toMatchObject({ outcome: "succeeded", before: { [devVault]: { version: old.version } } });
    expect((record.after as Record<string, { version: string }>)[devVault].version).not.toBe(old.version);
  });

  test("rotate of a secret that is not there yet is refused", async () => {
    const { code, stderr } = await h.fhi(["secrets", "rotate", "inference-hmac-key", "--env", "dev", "--reason", "testing the guardrails"], { stdin: piped(VALUE) });
    expect(code).toBe(2);
    expect(stderr).toContain("does not exist in");
    expect(stderr).toContain("use `fhi secrets set inference-hmac-key`");
    expect(h.server.writes()).toEqual([]);
    expect(h.audit()[0].outcome).toBe("refused");
  });

  test("an undeclared name is refused and recorded", async () => {
    const { code, stderr } = await h.fhi(["secrets", "set", "db-password", "--env", "dev", "--reason", "testing the guardrails"], { stdin: piped(VALUE) });
    expect(code).toBe(2);
    expect(stderr).toContain("secret db-password is not declared for dev. Fix: declare it in environments/dev.ts keyVault.secrets");
    expect(h.audit()[0]).toMatchObject({ outcome: "refused", target: "db-password" });
  });

  test("a value is never read from a terminal, and an empty value is refused", async () => {
    const tty = await h.fhi(["secrets", "set", "inference-hmac-key", "--env", "dev", "--reason", "testing the guardrails"], { stdin: Object.assign(Readable.from([]), { isTTY: true }) });
    expect(tty.code).toBe(2);
    expect(tty.stderr).toContain("stdin is a terminal");
    const empty = await h.fhi(["secrets", "set", "inference-hmac-key", "--env", "dev", "--reason", "testing the guardrails"], { stdin: piped("\n") });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("no value on stdin");
    expect(h.server.writes()).toEqual([]);
    expect(h.audit().map((r) => r.outcome)).toEqual(["refused", "refused"]);
  });

  test("403 from Key Vault names the data-plane role", async () => {
    h.server.fail("PUT", /secrets\/inference-hmac-key$/, { status: 403, body: { error: { code: "Forbidden", message: "Caller is not authorized to perform action on resource." } } });
    const { code, stderr } = await h.fhi(["secrets", "set", "inference-hmac-key", "--env", "dev", "--reason", "testing the guardrails"], { stdin: piped(VALUE) });
    expect(code).toBe(1);
    expect(stderr).toContain('permission denied (403 Forbidden) while writing inference-hmac-key');
    expect(stderr).toContain('request the role "Key Vault Secrets Officer"');
    expect(stderr).not.toContain(VALUE);
    expect(h.audit()[0].outcome).toBe("failed");
  });

  test("the value cannot be given as an argument", async () => {
    const { code } = await h.fhi(["secrets", "set", "inference-hmac-key", VALUE, "--env", "dev", "--reason", "testing the guardrails"], { stdin: piped(VALUE) });
    expect(code).toBe(2);
    expect(h.server.writes()).toEqual([]);
  });
});
