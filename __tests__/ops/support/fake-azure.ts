/**
 * A local HTTPS server that speaks the parts of the Azure REST protocol `fhi gpu` and `fhi secrets` use: ARM
 * resources with their api-versions, PATCH as a JSON merge patch (RFC 7386, which ARM's PATCH follows: a map such as
 * a Flux configuration's kustomizations is merged key by key), long-running operations (201/202 +
 * Azure-AsyncOperation or Location, polled to Succeeded/Failed/Canceled), scripted faults (401/403/404/409/429/5xx),
 * compute usages, autoscale settings, Flux configurations (Pending compliance after a change, until the cluster's
 * Flux reports), and Key Vault's data plane with its 401 bearer challenge and secret versions; Entra ID's token
 * endpoint (with its OpenID metadata) and an App Service-style managed identity endpoint, for the credentials
 * @azure/identity builds itself. For `fhi rollout`: Azure Monitor metrics (one value per resource and metric over the
 * window asked), Log Analytics queries (the 5xx share of a deployment's traffic log), and PromQL instant queries on an
 * Azure Monitor workspace's query endpoint (one value per gate); ARM writes stamp systemData.lastModifiedAt from
 * `clock`. Faults: scripted responses, refused tokens, connections dropped mid-response.
 * It records every request so tests can assert what the SDKs sent.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as https from "node:https";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly apiVersion: string | null;
  /** Every query parameter (metric names, timespans, PromQL). */
  readonly query: Readonly<Record<string, string>>;
  readonly body: any;
  readonly authorization?: string;
  readonly ifMatch?: string;
}

export interface ScriptedResponse {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

/** A scripted response, or `"drop"`: headers and half a body are sent, then the connection is cut. */
type Scripted = ScriptedResponse | "drop";

interface Fault {
  readonly method?: string;
  readonly pathPattern: RegExp;
  readonly responses: Scripted[];
}

/** Where the managed identity endpoint answers (set IDENTITY_ENDPOINT to `${url}${MANAGED_IDENTITY_PATH}`). */
export const MANAGED_IDENTITY_PATH = "/msi/token";

export interface SecretVersion {
  readonly version: string;
  readonly value: string;
  readonly contentType?: string;
  readonly created: number;
  readonly expires?: number;
  readonly enabled: boolean;
  readonly tags?: Record<string, string>;
}

interface Operation {
  polls: number;
  readonly resourceKey: string;
  readonly result: any;
  readonly outcome: LroOutcome;
}

export type LroOutcome = "Succeeded" | "Failed" | "Canceled";

export const FAKE_TENANT = "00000000-0000-0000-0000-0000000000aa";

export function makeCertificate(): { key: string; cert: string; certFile: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-azure-tls-"));
  const keyFile = path.join(dir, "key.pem");
  const certFile = path.join(dir, "cert.pem");
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", keyFile, "-out", certFile, "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
  ], { stdio: "ignore" });
  return { key: fs.readFileSync(keyFile, "utf8"), cert: fs.readFileSync(certFile, "utf8"), certFile };
}

const json = (value: unknown) => JSON.stringify(value);

const isObject = (value: unknown): value is Record<string, any> => typeof value === "object" && value !== null && !Array.isArray(value);

/** RFC 7386: objects merge key by key, null deletes a key, anything else (arrays included) replaces. */
export function mergePatch(target: unknown, patch: unknown): any {
  if (!isObject(patch)) return patch;
  const merged: Record<string, any> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = mergePatch(merged[key], value);
  }
  return merged;
}

const FLUX_CONFIGURATIONS = "/providers/microsoft.kubernetesconfiguration/fluxconfigurations/";
const armError = (code: string, message: string) => ({ error: { code, message } });

export class FakeAzure {
  readonly requests: RecordedRequest[] = [];
  /** ARM resources by lower-cased path. */
  readonly resources = new Map<string, any>();
  /** Compute usages by region. */
  readonly usages = new Map<string, { family: string; current: number; limit: number }[]>();
  /** Key Vault secrets by vault name, then secret name. */
  readonly vaults = new Map<string, Map<string, SecretVersion[]>>();
  /** How the next long-running operations end, and after how many polls. */
  lro: { outcome: LroOutcome; pollsBeforeDone: number; header: "Azure-AsyncOperation" | "Location"; error?: { code: string; message: string } } = {
    outcome: "Succeeded",
    pollsBeforeDone: 1,
    header: "Azure-AsyncOperation",
  };
  /** Called when a poll of a running operation arrives (tests use it to press Ctrl-C mid-operation). */
  onPoll?: () => void;
  /** What ARM stamps as systemData.lastModifiedAt on a write. */
  clock: () => Date = () => new Date();
  /** Azure Monitor metric values by `<resource ID, lower case>|<metric>`: the average over any window asked; absent: no data. */
  readonly metricValues = new Map<string, number>();
  /** The ServerErrorPercent a traffic-log query of a deployment returns, by deployment name; absent: no requests, no row. */
  readonly serverErrorPercent = new Map<string, number>();
  /** PromQL results by the series a query reads (`e2e_request_latency`, `request_success`, `kv_cache_usage`); absent: empty result. */
  readonly promql = new Map<string, number>();
  private readonly faults: Fault[] = [];
  private readonly operations = new Map<string, Operation>();
  private counter = 0;

  private constructor(
    private readonly server: https.Server,
    readonly url: string,
    readonly caPem: string,
    readonly caFile: string,
  ) {}

  static async start(): Promise<FakeAzure> {
    const { key, cert, certFile } = makeCertificate();
    let fake: FakeAzure | undefined;
    const server = https.createServer({ key, cert }, (request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => fake!.handle(request, Buffer.concat(chunks).toString("utf8"), response));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeAzure(server, `https://127.0.0.1:${port}`, cert, certFile);
    return fake;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Forgets recorded requests, faults and operations (resources and secrets stay). */
  resetTraffic(): void {
    this.requests.length = 0;
    this.faults.length = 0;
    this.operations.clear();
    this.lro = { outcome: "Succeeded", pollsBeforeDone: 1, header: "Azure-AsyncOperation" };
    this.onPoll = undefined;
    this.metricValues.clear();
    this.serverErrorPercent.clear();
    this.promql.clear();
  }

  /** The next matching requests get these responses, in order; later ones are served normally. */
  fail(method: string | undefined, pathPattern: RegExp, ...responses: Scripted[]): void {
    this.faults.push({ method, pathPattern, responses });
  }

  /** Requests to Entra ID's token endpoint (client credentials, federated tokens). */
  tokenRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.endsWith("/oauth2/v2.0/token"));
  }

  put(resourcePath: string, resource: any): void {
    this.resources.set(resourcePath.toLowerCase(), { id: resourcePath, name: resourcePath.split("/").pop(), ...resource });
  }

  get(resourcePath: string): any {
    return this.resources.get(resourcePath.toLowerCase());
  }

  seedSecret(vault: string, name: string, version: Omit<SecretVersion, "version"> & { version?: string }): void {
    const secrets = this.vaults.get(vault) ?? new Map<string, SecretVersion[]>();
    this.vaults.set(vault, secrets);
    secrets.set(name, [...(secrets.get(name) ?? []), { version: version.version ?? this.newVersion(), ...version }]);
  }

  /** Requests other than Key Vault's unauthenticated challenge round and operation polls. */
  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method === "PUT" || r.method === "PATCH");
  }

  private newVersion(): string {
    return randomBytes(16).toString("hex");
  }

  private send(response: import("node:http").ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
    this.counter += 1;
    const id = `req-${String(this.counter).padStart(4, "0")}`;
    response.writeHead(status, {
      "content-type": "application/json; charset=utf-8",
      "x-ms-request-id": id,
      "x-ms-correlation-request-id": `corr-${id}`,
      ...headers,
    });
    response.end(body === undefined ? "" : json(body));
  }

  private handle(request: import("node:http").IncomingMessage, raw: string, response: import("node:http").ServerResponse): void {
    const url = new URL(request.url ?? "/", this.url);
    const method = request.method ?? "GET";
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    this.requests.push({
      method,
      path: url.pathname,
      apiVersion: url.searchParams.get("api-version"),
      query: Object.fromEntries(url.searchParams.entries()),
      body,
      authorization: request.headers.authorization,
      ifMatch: request.headers["if-match"],
    });
    const fault = this.faults.find((f) => f.responses.length > 0 && (!f.method || f.method === method) && f.pathPattern.test(url.pathname));
    if (fault) {
      const scripted = fault.responses.shift()!;
      if (scripted === "drop") return this.drop(response);
      this.send(response, scripted.status, scripted.body, scripted.headers);
      return;
    }
    if (url.pathname.endsWith("/v2.0/.well-known/openid-configuration")) return this.openIdConfiguration(url, response);
    if (url.pathname.endsWith("/oauth2/v2.0/token") || url.pathname === MANAGED_IDENTITY_PATH) return this.token(url, response);
    if (url.pathname.startsWith("/fake-operations/")) return this.pollOperation(url, response);
    if (url.pathname.startsWith("/v1/") && url.pathname.endsWith("/query")) return this.logQuery(body, response);
    if (url.pathname.startsWith("/prometheus/") && url.pathname.endsWith("/api/v1/query")) return this.promQuery(url, response);
    if (url.pathname.startsWith("/subscriptions/")) return this.arm(method, url, body, response);
    return this.keyVault(method, url, body, request.headers.authorization, response);
  }

  /** The status line, headers and part of the body go out; then the socket is destroyed mid-response. */
  private drop(response: import("node:http").ServerResponse): void {
    response.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": "4096" });
    response.write('{"value": [');
    setTimeout(() => response.socket?.destroy(), 5);
  }

  private openIdConfiguration(url: URL, response: import("node:http").ServerResponse): void {
    const tenant = url.pathname.split("/")[1];
    const base = `${this.url}/${tenant}`;
    this.send(response, 200, {
      issuer: `${base}/v2.0`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      token_endpoint: `${base}/oauth2/v2.0/token`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_types_supported: ["code", "id_token", "code id_token", "token id_token", "token"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      tenant_region_scope: null,
      cloud_instance_name: "fake",
    });
  }

  /** A JWT-shaped token naming a service principal, from the token endpoint or the managed identity endpoint. */
  private token(url: URL, response: import("node:http").ServerResponse): void {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const token = `${part({ alg: "none" })}.${part({ appid: "11111111-2222-3333-4444-555555555555", tid: FAKE_TENANT })}.sig`;
    const expiresOn = Math.floor(Date.now() / 1000) + 3600;
    if (url.pathname === MANAGED_IDENTITY_PATH) {
      return this.send(response, 200, { access_token: token, expires_on: String(expiresOn), resource: url.searchParams.get("resource"), token_type: "Bearer" });
    }
    this.send(response, 200, { token_type: "Bearer", expires_in: 3600, ext_expires_in: 3600, access_token: token });
  }

  private startOperation(resourceKey: string, result: any, response: import("node:http").ServerResponse, status: number): void {
    const id = this.newVersion();
    this.operations.set(id, { polls: 0, resourceKey, result, outcome: this.lro.outcome });
    const current = this.resources.get(resourceKey);
    this.resources.set(resourceKey, { ...current, properties: { ...current.properties, provisioningState: "Updating" } });
    const operationUrl = `${this.url}/fake-operations/${id}?api-version=op`;
    const headers: Record<string, string> =
      this.lro.header === "Location" ? { location: `${this.url}/fake-operations/${id}/result` } : { "azure-asyncoperation": operationUrl };
    this.send(response, status, status === 202 ? undefined : { ...result, properties: { ...result.properties, provisioningState: "Updating" } }, { ...headers, "retry-after": "0" });
  }

  private pollOperation(url: URL, response: import("node:http").ServerResponse): void {
    const [, , id, result] = url.pathname.split("/");
    const operation = this.operations.get(id);
    if (!operation) return this.send(response, 404, armError("OperationNotFound", `no operation ${id}`));
    operation.polls += 1;
    if (operation.polls <= this.lro.pollsBeforeDone) {
      this.onPoll?.();
      return result ? this.send(response, 202, undefined, { location: url.href, "retry-after": "0" }) : this.send(response, 200, { status: "InProgress" }, { "retry-after": "0" });
    }
    const finalState = operation.outcome === "Succeeded" ? "Succeeded" : operation.outcome;
    const current = this.resources.get(operation.resourceKey);
    const next = operation.outcome === "Succeeded" ? operation.result : current;
    this.resources.set(operation.resourceKey, { ...next, properties: { ...next.properties, provisioningState: finalState } });
    if (result) return this.send(response, 200, this.resources.get(operation.resourceKey));
    const error = operation.outcome === "Failed" ? (this.lro.error ?? { code: "InternalOperationError", message: "the operation failed" }) : undefined;
    this.send(response, 200, { status: finalState, error });
  }

  private arm(method: string, url: URL, body: any, response: import("node:http").ServerResponse): void {
    const key = url.pathname.toLowerCase();
    const usages = /^\/subscriptions\/[^/]+\/providers\/microsoft\.compute\/locations\/([^/]+)\/usages$/.exec(key);
    if (usages) {
      const value = (this.usages.get(usages[1]) ?? []).map((u) => ({ unit: "Count", currentValue: u.current, limit: u.limit, name: { value: u.family, localizedValue: u.family } }));
      return this.send(response, 200, { value });
    }
    if (key.endsWith("/providers/microsoft.insights/autoscalesettings")) {
      const value = [...this.resources.entries()].filter(([k]) => k.startsWith(`${key}/`)).map(([, v]) => v);
      return this.send(response, 200, { value });
    }
    if (key.endsWith("/providers/microsoft.insights/metrics")) return this.metrics(key.slice(0, -"/providers/microsoft.insights/metrics".length), url, response);
    const existing = this.resources.get(key);
    if (method === "GET") {
      return existing ? this.send(response, 200, existing) : this.send(response, 404, armError("ResourceNotFound", `The Resource '${url.pathname}' was not found.`));
    }
    if (!existing) return this.send(response, 404, armError("ResourceNotFound", `The Resource '${url.pathname}' was not found.`));
    const ifMatch = this.requests[this.requests.length - 1].ifMatch;
    if (ifMatch && existing.properties?.eTag !== undefined && ifMatch !== existing.properties.eTag) {
      return this.send(response, 412, armError("PreconditionFailed", "The resource has been modified since the If-Match value was read."));
    }
    if (method === "PUT") {
      const eTag = existing.properties?.eTag === undefined ? {} : { eTag: `etag-${this.newVersion().slice(0, 8)}` };
      const updated = { ...existing, ...body, id: existing.id, name: existing.name, properties: { ...body.properties, ...eTag }, systemData: this.modified(existing) };
      return this.startOperation(key, updated, response, 201);
    }
    if (method === "PATCH") {
      const merged = { ...mergePatch(existing, body), systemData: this.modified(existing) };
      if (key.includes("/microsoft.insights/autoscalesettings/")) {
        this.resources.set(key, merged);
        return this.send(response, 200, merged);
      }
      // A changed Flux configuration is Pending until the cluster's Flux agents report on it.
      if (key.includes(FLUX_CONFIGURATIONS)) merged.properties = { ...merged.properties, complianceState: "Pending" };
      return this.startOperation(key, merged, response, 202);
    }
    this.send(response, 405, armError("MethodNotAllowed", method));
  }

  /** ARM's record of a write, as every tracked and proxy resource carries it. */
  private modified(existing: any): object {
    return { ...existing.systemData, lastModifiedAt: this.clock().toISOString(), lastModifiedBy: "oncall@hospital.example", lastModifiedByType: "User" };
  }

  /** Metrics - List with interval=FULL: one data point per metric asked, or none. */
  private metrics(resourceKey: string, url: URL, response: import("node:http").ServerResponse): void {
    const names = (url.searchParams.get("metricnames") ?? "").split(",");
    const value = names.map((name) => {
      const average = this.metricValues.get(`${resourceKey}|${name}`);
      const data = average === undefined ? [] : [{ timeStamp: url.searchParams.get("timespan")?.split("/")[0], average }];
      return { id: `${resourceKey}/providers/Microsoft.Insights/metrics/${name}`, type: "Microsoft.Insights/metrics", name: { value: name, localizedValue: name }, unit: "Unspecified", timeseries: [{ metadatavalues: [], data }] };
    });
    this.send(response, 200, { timespan: url.searchParams.get("timespan"), interval: url.searchParams.get("interval"), namespace: url.searchParams.get("metricnamespace"), resourceregion: "eastus2", value });
  }

  /** Log Analytics' query API: the 5xx-share query's one row, or no row when the deployment had no requests. */
  private logQuery(body: any, response: import("node:http").ServerResponse): void {
    const deployment = /DeploymentName == "([^"]+)"/.exec(String(body?.query))?.[1] ?? "";
    const share = this.serverErrorPercent.get(deployment);
    const columns = [{ name: "Requests", type: "long" }, { name: "ServerErrors", type: "long" }, { name: "ServerErrorPercent", type: "real" }];
    const rows = share === undefined ? [] : [[10000, Math.round(share * 100), share]];
    this.send(response, 200, { tables: [{ name: "PrimaryResult", columns, rows }] });
  }

  /** Prometheus' HTTP API, instant query: a vector of one sample, or an empty vector. */
  private promQuery(url: URL, response: import("node:http").ServerResponse): void {
    const query = url.searchParams.get("query") ?? "";
    const series = [...this.promql.keys()].find((name) => query.includes(name));
    const value = series === undefined ? undefined : this.promql.get(series);
    const time = Date.parse(url.searchParams.get("time") ?? "") / 1000;
    const result = value === undefined ? [] : [{ metric: {}, value: [time, String(value)] }];
    this.send(response, 200, { status: "success", data: { resultType: "vector", result } });
  }

  private canonicalId(vault: string, name: string, version?: string): string {
    return `https://${vault}.vault.fake/secrets/${name}${version ? `/${version}` : ""}`;
  }

  private secretItem(vault: string, name: string, version: SecretVersion, withVersion: boolean) {
    return {
      id: this.canonicalId(vault, name, withVersion ? version.version : undefined),
      contentType: version.contentType,
      tags: version.tags,
      attributes: { enabled: version.enabled, created: version.created, updated: version.created, exp: version.expires, recoveryLevel: "Recoverable+Purgeable" },
    };
  }

  private keyVault(method: string, url: URL, body: any, authorization: string | undefined, response: import("node:http").ServerResponse): void {
    if (!authorization) {
      return this.send(response, 401, armError("Unauthorized", "AKV10000: Request is missing a Bearer or PoP token."), {
        "www-authenticate": `Bearer authorization="${this.url}/${FAKE_TENANT}", resource="https://vault.fake"`,
      });
    }
    const [, vaultName, collection, name, sub] = url.pathname.split("/");
    if (collection !== "secrets") return this.send(response, 404, armError("NotFound", url.pathname));
    const secrets = this.vaults.get(vaultName) ?? new Map<string, SecretVersion[]>();
    this.vaults.set(vaultName, secrets);
    if (method === "GET" && !name) {
      const value = [...secrets.entries()].map(([secretName, versions]) => this.secretItem(vaultName, secretName, versions[versions.length - 1], false));
      return this.send(response, 200, { value, nextLink: null });
    }
    const versions = secrets.get(name);
    if (method === "GET" && sub === "versions") {
      if (!versions) return this.send(response, 404, armError("SecretNotFound", `A secret with (name/id) ${name} was not found in this key vault.`));
      return this.send(response, 200, { value: versions.map((v) => this.secretItem(vaultName, name, v, true)), nextLink: null });
    }
    if (method === "PUT" && !sub) {
      const version: SecretVersion = {
        version: this.newVersion(),
        value: body.value,
        contentType: body.contentType,
        created: Math.floor(Date.now() / 1000),
        expires: body.attributes?.exp,
        enabled: body.attributes?.enabled ?? true,
        tags: body.tags,
      };
      secrets.set(name, [...(versions ?? []), version]);
      return this.send(response, 200, { value: version.value, ...this.secretItem(vaultName, name, version, true) });
    }
    this.send(response, 405, armError("MethodNotAllowed", method));
  }
}

/** A credential that hands out a JWT-shaped token naming an on-call engineer, and records the scopes asked for. */
export class TestCredential {
  readonly scopes: string[][] = [];
  /** When set, every token request fails with it, as @azure/identity fails when nobody is signed in. */
  failure?: Error;
  constructor(private readonly upn = "oncall@hospital.example") {}
  async getToken(scopes: string | string[]) {
    this.scopes.push(Array.isArray(scopes) ? scopes : [scopes]);
    if (this.failure) throw this.failure;
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    return { token: `${part({ alg: "none" })}.${part({ upn: this.upn, tid: FAKE_TENANT })}.sig`, expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}
