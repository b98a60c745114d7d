import { Testing } from "cdktf";
import type { Construct } from "constructs";

export interface SynthesizedResource {
  readonly type: string;
  readonly name: string;
  readonly values: Record<string, any>;
}

/** Synthesizes what `build` declares in a bare stack and returns the Terraform JSON's resources. */
export function synthResources(build: (scope: Construct) => void): SynthesizedResource[] {
  const json = JSON.parse(Testing.synthScope(build)) as { resource?: Record<string, Record<string, Record<string, any>>> };
  return Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.entries(byName).map(([name, values]) => ({ type, name, values })));
}

export function ofType(resources: readonly SynthesizedResource[], type: string): SynthesizedResource[] {
  return resources.filter((resource) => resource.type === type);
}

/** The only resource of `type`; fails when there are none or several. */
export function single(resources: readonly SynthesizedResource[], type: string): Record<string, any> {
  const found = ofType(resources, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0].values;
}

/** The Terraform reference `${type.name.attribute}` to a synthesized resource. */
export function ref(resource: SynthesizedResource, attribute = "id"): string {
  return `\${${resource.type}.${resource.name}.${attribute}}`;
}

export const PLACEMENT = { location: "swedencentral", resourceGroupName: "rg-test" } as const;
export const WORKSPACE_ID = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-test/providers/Microsoft.OperationalInsights/workspaces/log-test";
export const SUBNET_ID = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-test/providers/Microsoft.Network/virtualNetworks/vnet-test/subnets/snet-private-endpoints";
export const zoneId = (zone: string) => `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-test/providers/Microsoft.Network/privateDnsZones/${zone}`;
