import { ENVIRONMENTS } from "../environments";
import type { Environment, EnvironmentInput } from "../environments/schema/config";
import { ConfigError, validateEnvironment } from "../environments/schema/validate";
import { refused } from "./errors";

export type EnvironmentCatalog = Readonly<Record<string, EnvironmentInput>>;

/** One environment, validated; an unknown name or invalid config is a ConfigError naming the fix. */
export function loadEnvironment(name: string, catalog: EnvironmentCatalog = ENVIRONMENTS): Environment {
  const input = catalog[name];
  if (!input) throw refused(`--env ${name}: no such environment. Fix: use one of ${Object.keys(catalog).join(", ")}`);
  const result = validateEnvironment(input, name);
  if (!result.ok) throw new ConfigError(result.problems);
  return result.environment;
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
