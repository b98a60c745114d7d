import { ENVIRONMENTS } from "../environments";
import type { Environment, EnvironmentInput } from "../environments/schema/config";
import { ConfigError, validateEnvironment } from "../environments/schema/validate";

export type EnvironmentCatalog = Readonly<Record<string, EnvironmentInput>>;

/** One environment, validated; an unknown name or invalid config is a ConfigError naming the fix. */
export function loadEnvironment(name: string, catalog: EnvironmentCatalog = ENVIRONMENTS): Environment {
  const input = catalog[name];
  if (!input) {
    throw new ConfigError([{ environment: name, path: "--env", message: `no such environment. Fix: use one of ${Object.keys(catalog).join(", ")}` }]);
  }
  const result = validateEnvironment(input, name);
  if (!result.ok) throw new ConfigError(result.problems);
  return result.environment;
}

/** Where an environment is written down, for messages that tell people which file to edit. */
export function environmentFile(name: string): string {
  return `environments/${name}.ts`;
}
