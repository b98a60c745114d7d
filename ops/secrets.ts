/**
 * `fhi secrets`: the secrets an environment declares, compared with what its Key Vaults hold, and new
 * versions set from stdin. Only metadata is ever read (names, versions, dates, content type, tags): this module
 * never asks Key Vault for a value, and a value handed to it goes to Key Vault and nowhere else.
 */
import type { SecretProperties } from "@azure/keyvault-secrets";
import type { DeclaredSecret, Environment } from "../environments/schema/config";
import { RegionNames } from "../environments/schema/naming";
import type { RegionName } from "../environments/schema/regions";
import { explainAzureError } from "./azure-errors";
import type { AzureClients } from "./clients";
import { vaultUrl } from "./cloud";
import { selectRegions } from "./environment";
import { refused } from "./errors";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Key Vault's limit on a secret value. */
const MAX_VALUE_BYTES = 25 * 1024;

export interface Vault {
  readonly region: RegionName;
  readonly name: string;
  readonly url: string;
}

/** The environment's vaults (one per region, in its platform resource group), optionally of one region only. */
export function vaultsOf(clients: AzureClients, region?: string): Vault[] {
  const environment = clients.environment;
  return selectRegions(environment, region).map((r) => {
    const name = new RegionNames(environment, r.location).keyVault();
    return { region: r.location, name, url: vaultUrl(clients.cloud, name) };
  });
}

export function declaredSecret(environment: Environment, name: string): DeclaredSecret {
  const declared = environment.keyVault.secrets.find((secret) => secret.name === name);
  if (!declared) {
    const names = environment.keyVault.secrets.map((secret) => secret.name);
    throw refused(
      `secret ${name} is not declared for ${environment.name}. Fix: declare it in environments/${environment.name}.ts keyVault.secrets (name, contentType, maxAgeDays, readers)${names.length ? `, or use one of ${names.join(", ")}` : ""}`,
    );
  }
  return declared;
}

/** One version's metadata, as the audit record and the listing show it. */
export interface VersionInfo {
  readonly version: string;
  readonly createdOn?: string;
  readonly expiresOn?: string;
  readonly enabled: boolean;
  readonly contentType?: string;
}

export interface SecretStatus {
  readonly vault: Vault;
  readonly name: string;
  readonly declared?: DeclaredSecret;
  /** The newest version, if the vault holds the secret. */
  readonly current?: VersionInfo;
  readonly versions: number;
  readonly ageDays?: number;
  /** Why `fhi secrets check` fails for this secret; empty when it is fine. */
  readonly problems: readonly string[];
}

function versionInfo(properties: SecretProperties): VersionInfo {
  return {
    version: properties.version ?? "",
    createdOn: properties.createdOn?.toISOString(),
    expiresOn: properties.expiresOn?.toISOString(),
    enabled: properties.enabled ?? true,
    contentType: properties.contentType,
  };
}

async function versionsOf(clients: AzureClients, vault: Vault, name: string): Promise<SecretProperties[]> {
  const versions: SecretProperties[] = [];
  try {
    for await (const properties of clients.secrets(vault.name).listPropertiesOfSecretVersions(name)) versions.push(properties);
  } catch (error) {
    // Key Vault answers 404 for the versions of a secret that does not exist yet: that is "no versions".
    if ((error as { statusCode?: number }).statusCode !== 404) throw error;
  }
  return versions.sort((a, b) => (a.createdOn?.getTime() ?? 0) - (b.createdOn?.getTime() ?? 0));
}

function problemsOf(declared: DeclaredSecret | undefined, current: VersionInfo | undefined, ageDays: number | undefined, now: Date): string[] {
  if (!declared) return [];
  if (!current) return ["missing: declared but not in the vault"];
  const problems: string[] = [];
  if (!current.enabled) problems.push("the newest version is disabled");
  if (current.expiresOn && new Date(current.expiresOn) <= now) problems.push(`expired on ${current.expiresOn}`);
  if (ageDays !== undefined && ageDays > declared.maxAgeDays) problems.push(`${ageDays} days old, max age is ${declared.maxAgeDays} days`);
  if (current.contentType !== declared.contentType) problems.push(`content type ${current.contentType ?? "(none)"}, declared ${declared.contentType}`);
  return problems;
}

async function statusOfVault(clients: AzureClients, vault: Vault, now: Date): Promise<SecretStatus[]> {
  const declared = clients.environment.keyVault.secrets;
  const present = new Set<string>();
  for await (const properties of clients.secrets(vault.name).listPropertiesOfSecrets()) {
    // Certificates' backing secrets are listed too; they are not ours to check.
    if (!properties.managed) present.add(properties.name);
  }
  const names = [...declared.map((secret) => secret.name), ...[...present].filter((name) => !declared.some((secret) => secret.name === name)).sort()];
  return Promise.all(
    names.map(async (name) => {
      const versions = present.has(name) ? await versionsOf(clients, vault, name) : [];
      const newest = versions.at(-1);
      const current = newest && versionInfo(newest);
      const ageDays = newest?.createdOn ? Math.floor((now.getTime() - newest.createdOn.getTime()) / DAY_MS) : undefined;
      const declaration = declared.find((secret) => secret.name === name);
      return { vault, name, declared: declaration, current, versions: versions.length, ageDays, problems: problemsOf(declaration, current, ageDays, now) };
    }),
  );
}

/** Declared and present secrets of every selected vault, with what is wrong with each. */
export async function secretStatus(clients: AzureClients, vaults: readonly Vault[], now: Date): Promise<SecretStatus[]> {
  const perVault = await Promise.all(
    vaults.map((vault) =>
      statusOfVault(clients, vault, now).catch((error: unknown) => {
        throw explainAzureError(error, { action: `listing secrets in ${vault.name}`, resourceId: vault.url, writing: false, clients });
      }),
    ),
  );
  return perVault.flat();
}

/** Reads a secret value from a stream (stdin): everything up to end of input, without one trailing newline. */
export async function readSecretValue(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  const value = Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
  if (value.length === 0) throw refused("no value on stdin. Fix: pipe the value in, e.g. `openssl rand -base64 48 | npx fhi secrets set ...`");
  if (Buffer.byteLength(value) > MAX_VALUE_BYTES) throw refused(`the value is ${Buffer.byteLength(value)} bytes; Key Vault takes at most ${MAX_VALUE_BYTES}`);
  return value;
}

export interface SetSecretResult {
  readonly before?: VersionInfo;
  readonly after: VersionInfo;
}

export interface SetSecretOptions {
  readonly signal: AbortSignal;
  readonly now: Date;
  /** Rotation requires an existing secret; a first set requires none. */
  readonly mode: "set" | "rotate";
  /** Called with what the vault holds before anything is written (for the audit record). */
  readonly onBefore: (before: VersionInfo | undefined) => void;
}

/** Writes a new version with the declared content type, an expiry of max age from now, and tags saying who owns it. */
export async function setSecretVersion(clients: AzureClients, vault: Vault, declared: DeclaredSecret, value: string, options: SetSecretOptions): Promise<SetSecretResult> {
  const resourceId = `${vault.url}/secrets/${declared.name}`;
  try {
    const existing = await versionsOf(clients, vault, declared.name);
    const before = existing.length > 0 ? versionInfo(existing[existing.length - 1]) : undefined;
    options.onBefore(before);
    if (options.mode === "rotate" && !before) {
      throw refused(`${declared.name} does not exist in ${vault.name} yet, so there is nothing to rotate. Fix: use \`fhi secrets set ${declared.name}\``);
    }
    const written = await clients.secrets(vault.name).setSecret(declared.name, value, {
      contentType: declared.contentType,
      expiresOn: new Date(options.now.getTime() + declared.maxAgeDays * DAY_MS),
      tags: { "managed-by": "fhi", "fhi-environment": clients.environment.name, "max-age-days": String(declared.maxAgeDays) },
      abortSignal: options.signal,
    });
    return { before, after: versionInfo(written.properties) };
  } catch (error) {
    throw explainAzureError(error, { action: `writing ${declared.name} to ${vault.name}`, resourceId, writing: true, clients });
  }
}
