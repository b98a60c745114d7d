import * as fs from "node:fs";
import { ENVIRONMENTS } from "../environments";
import type { CloudConfig, Environment, EnvironmentInput } from "../environments/schema/config";
import { ConfigError, validateCloud, validateEnvironment, type ValidationContext } from "../environments/schema/validate";
import { refused } from "./errors";

/** A cloud config file that replaces the environment's `cloud` for one command (sovereign or private clouds, tests). */
export const CLOUD_CONFIG_ENV = "FHI_CLOUD_CONFIG";

export type EnvironmentCatalog = Readonly<Record<string, EnvironmentInput>>;

/**
 * One environment, validated against the release records on the day (`context`: releases/ and FHI_TODAY or the clock
 * by default); an unknown name or invalid config is a ConfigError naming the fix.
 */
export function loadEnvironment(name: string, catalog: EnvironmentCatalog = ENVIRONMENTS, context: ValidationContext = {}): Environment {
  const input = catalog[name];
  if (!input) throw refused(`--env ${name}: no such environment. Fix: use one of ${Object.keys(catalog).join(", ")}`);
  const result = validateEnvironment(input, name, context);
  if (!result.ok) throw new ConfigError(result.problems);
  return result.environment;
}

/**
 * Reads a cloud config file: JSON holding what an environment's `cloud` field holds (a known cloud's name, or
 * `{ resourceManagerUrl, keyVaultDnsSuffix, authorityHost, ... }`), checked by the same schema, in the same words.
 */
export function loadCloudConfig(file: string): CloudConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw refused(`cloud config ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}). Fix: name a readable JSON file (--cloud-config or ${CLOUD_CONFIG_ENV})`);
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    throw refused(`cloud config ${file}: not JSON (${(error as Error).message}). Fix: write e.g. {"resourceManagerUrl": "https://management.example", "keyVaultDnsSuffix": ".vault.example", "authorityHost": "https://login.example"}`);
  }
  const result = validateCloud(input, file);
  if (!result.ok) throw new ConfigError(result.problems);
  return result.cloud;
}

/** Where an environment is written down, for messages that tell people which file to edit. */
export function environmentFile(name: string): string {
  return `environments/${name}.ts`;
}

/** The environment's regions, or only `region`; a region the environment does not have is refused, naming those it has. */
export function selectRegions(environment: Environment, region: string | undefined): Environment["regions"] {
  const selected = environment.regions.filter((r) => region === undefined || r.location === region);
  if (selected.length === 0) {
    throw refused(`--region ${region}: environment ${environment.name} has no such region. Fix: use one of ${environment.regions.map((r) => r.location).join(", ")}`);
  }
  return selected;
}
