/**
 * The network plan as documentation, generated from the same config the network stacks read, so the page in
 * `docs/architecture/network.md` cannot drift from what is deployed (a test compares them).
 */
import type { Environment, RegionConfig } from "../environments/schema/config";
import { RegionNames } from "../environments/schema/naming";
import type { SubnetRole } from "./network-stack";
import { EGRESS_VIA_HUB } from "./network-stack";

const SUBNET_PURPOSE: Record<SubnetRole, string> = {
  aksSystem: "AKS system node pool",
  aksGpu: "AKS GPU node pools",
  aksApiServer: "AKS API server VNet integration (delegated)",
  privateEndpoints: "private endpoints of every PaaS service",
  modelIngress: "internal load balancer of the cluster's model router",
  apiGateway: "API Management outbound VNet integration (delegated)",
};

function subnetsOf(region: RegionConfig): [SubnetRole, string][] {
  return (Object.entries(region.subnets) as [SubnetRole, string | undefined][]).filter((entry): entry is [SubnetRole, string] => entry[1] !== undefined);
}

function egressOf(region: RegionConfig, role: SubnetRole): string {
  if (region.hub && EGRESS_VIA_HUB.has(role)) return `hub firewall ${region.hub.firewallPrivateIp}`;
  return "system routes; no implicit outbound, only what the workload declares";
}

/** The address plan: one row per subnet of every region of every environment. */
export function addressPlanTable(environments: readonly Environment[]): string {
  const rows = environments.flatMap((env) =>
    env.regions.flatMap((region) => {
      const names = new RegionNames(env, region.location);
      return subnetsOf(region).map(
        ([role, range]) => `| ${env.name} | ${region.location} | ${names.virtualNetwork()} (${region.addressSpace.join(", ")}) | ${names.subnet(role)} | ${range} | ${SUBNET_PURPOSE[role]} | ${egressOf(region, role)} |`,
      );
    }),
  );
  return ["| env | region | VNet | subnet | range | purpose | default route |", "|---|---|---|---|---|---|---|", ...rows].join("\n");
}

const nodeId = (...parts: string[]) => parts.join("_").replace(/[^A-Za-z0-9_]/g, "_");

/** A mermaid flowchart: per environment and region the spoke, its subnets, the hub and the egress path. */
export function networkDiagram(environments: readonly Environment[]): string {
  const lines = ["flowchart LR"];
  for (const env of environments) {
    lines.push(`  subgraph ${nodeId(env.name)}["${env.name}"]`);
    for (const region of env.regions) {
      const names = new RegionNames(env, region.location);
      const vnet = nodeId(env.name, region.location, "vnet");
      lines.push(`    subgraph ${nodeId(env.name, region.location)}["${region.location}"]`);
      lines.push(`      ${vnet}["${names.virtualNetwork()}<br/>${region.addressSpace.join(", ")}"]`);
      for (const [role, range] of subnetsOf(region)) {
        lines.push(`      ${vnet} --- ${nodeId(env.name, region.location, role)}["${names.subnet(role)}<br/>${range}<br/>NSG: deny Internet inbound"]`);
      }
      lines.push(`      ${vnet} -.- ${nodeId(env.name, region.location, "dns")}[("private DNS zones<br/>linked to the spoke")]`);
      lines.push("    end");
      if (region.hub) {
        const hub = nodeId(env.name, region.location, "hub");
        lines.push(`    ${hub}["hub VNet ${region.hub.addressSpace.join(", ")}<br/>firewall ${region.hub.firewallPrivateIp}"]`);
        lines.push(`    ${vnet} <-->|peering| ${hub}`);
        for (const [role] of subnetsOf(region).filter(([role]) => EGRESS_VIA_HUB.has(role))) {
          lines.push(`    ${nodeId(env.name, region.location, role)} -->|0.0.0.0/0| ${hub}`);
        }
      }
    }
    lines.push("  end");
  }
  return lines.join("\n");
}

export const PLAN_START = "<!-- network-plan:start (generated from environments/ by stacks/network-plan.ts; do not edit) -->";
export const PLAN_END = "<!-- network-plan:end -->";

/** The generated part of the architecture page. */
export function networkPlanSection(environments: readonly Environment[]): string {
  return [PLAN_START, "", "### Address plan", "", addressPlanTable(environments), "", "### Diagram", "", "```mermaid", networkDiagram(environments), "```", "", PLAN_END].join("\n");
}

/** `page` with its generated section replaced by the current one. */
export function withNetworkPlan(page: string, environments: readonly Environment[]): string {
  const start = page.indexOf(PLAN_START);
  const end = page.indexOf(PLAN_END);
  if (start < 0 || end < start) throw new Error(`the page has no generated section. Fix: put ${PLAN_START} and ${PLAN_END} where the plan belongs`);
  return page.slice(0, start) + networkPlanSection(environments) + page.slice(end + PLAN_END.length);
}
