import { ENVIRONMENTS } from "../environments";
import type { EnvironmentInput } from "../environments/schema/config";
import { REGION_NAMES } from "../environments/schema/regions";
import { formatProblem, validateEnvironment } from "../environments/schema/validate";
import type { Environment } from "../environments/schema/config";

type RegionInput = EnvironmentInput["regions"][number];

/** Moves every 10.x.*.* range of a region to 10.<secondOctet>.*.*, keeping the layout. */
function readdress(region: RegionInput, secondOctet: number): RegionInput {
  const moved = JSON.stringify(region, (key, value: unknown) =>
    typeof value === "string" && key !== "vnetId" && /^10\.\d+\.\d+\.\d+(\/\d+)?$/.test(value) && !isHubField(region, value)
      ? value.replace(/^10\.\d+\./, `10.${secondOctet}.`)
      : value,
  );
  return JSON.parse(moved) as RegionInput;
}

function isHubField(region: RegionInput, value: string): boolean {
  return region.hub !== undefined && (region.hub.addressSpace.includes(value) || region.hub.firewallPrivateIp === value);
}

/**
 * The shipped environment with exactly `count` regions: the real ones first, then copies of them in further
 * regions with their own address ranges. Fewer regions than shipped drops the ones after `count` (and the
 * public API section, whose geographies name them).
 */
export function withRegions(env: EnvironmentInput, count: number): EnvironmentInput {
  const shipped = env.regions;
  const used = new Set(shipped.map((region) => region.location));
  const spare = REGION_NAMES.filter((name) => !used.has(name));
  if (count - shipped.length > spare.length) throw new Error(`at most ${shipped.length + spare.length} regions can be generated`);
  const regions = shipped.slice(0, count);
  for (let index = shipped.length; index < count; index += 1) {
    const template = shipped[index % shipped.length];
    regions.push({ ...readdress(template, 100 + index), location: spare[index - shipped.length] });
  }
  const generated: EnvironmentInput & { api?: unknown } = { ...env, regions };
  if (count < shipped.length) delete generated.api;
  return generated;
}

/** Every shipped environment with `count` regions, validated. */
export function generatedEnvironments(count: number): Environment[] {
  return Object.entries(ENVIRONMENTS).map(([name, env]) => {
    const result = validateEnvironment(withRegions(env, count), name);
    if (!result.ok) throw new Error(`generated ${name} with ${count} regions is invalid:\n${result.problems.map(formatProblem).join("\n")}`);
    return result.environment;
  });
}
