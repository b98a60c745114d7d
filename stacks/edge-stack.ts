import type { Construct } from "constructs";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import type { ApiConfig } from "../environments/schema/api";
import { requestBodyLimitBytes } from "../environments/schema/model-fit";
import { requestBoundingModel } from "../environments/schema/releases";
import type { Environment, RegionConfig } from "../environments/schema/config";
import { GlobalEdge, type EdgeGeographyProps, type PrivateOriginProps } from "../constructs/front-door/global-edge";
import { PROBE_PATH } from "../constructs/api-gateway/model-gateway";
import { EnvironmentStack } from "./environment-stack";
import { GatewayStack, type ModelEndpointReference } from "./gateway-stack";
import type { InferenceStack } from "./inference-stack";
import type { NetworkStack } from "./network-stack";
import type { PlatformStack } from "./platform-stack";

export interface EdgeStackProps {
  readonly env: Environment;
  readonly api: ApiConfig;
  /** The gateway of every region that serves the API, by region. */
  readonly gateways: ReadonlyMap<string, GatewayStack>;
  /** The network stack whose Log Analytics workspace receives Front Door's access and WAF logs. */
  readonly logs: NetworkStack;
}

/** Names of the environment's global edge resources; Front Door and its WAF are global, so no region code. */
export function edgeNames(env: Pick<Environment, "name" | "naming">) {
  const base = `${env.naming.prefix}-${env.name}`;
  return {
    resourceGroup: `rg-${base}-edge`,
    profile: `afd-${base}`,
    endpoint: `fde-${base}-api`,
    wafPolicy: `waf${env.naming.prefix}${env.name}edge`,
  };
}

/** The region whose workspace keeps the edge's logs: configured, or the first geography's first region. */
export function edgeLogsRegion(api: ApiConfig): string {
  return api.edgeLogsRegion ?? Object.values(api.geographies)[0].regions[0];
}

/**
 * `<env>-global-edge`: Front Door Premium and its WAF, the environment's one public door. Origins are the regional
 * gateways over Private Link; a geography's origin group holds only its own gateways unless config lets it fail over.
 */
export class EdgeStack extends EnvironmentStack {
  readonly edge: GlobalEdge;

  constructor(scope: Construct, props: EdgeStackProps) {
    super(scope, { env: props.env, part: "global-edge" });
    const { env, api, gateways } = props;
    const names = edgeNames(env);
    const resourceGroup = new ResourceGroup(this, "resource-group", { name: names.resourceGroup, location: props.logs.region.location });
    const originsOf = (geography: string): PrivateOriginProps[] =>
      api.geographies[geography].regions.map((location) => {
        const gateway = gateways.get(location);
        if (!gateway) throw new Error(`${env.name}: no gateway stack for ${location}. Fix: declare the region's gateway before the edge`);
        return { name: location, hostName: gateway.gatewayHostName, privateLinkTargetId: gateway.apiManagementId, location };
      });
    const geographies: EdgeGeographyProps[] = Object.entries(api.geographies).map(([key, geography]) => ({
      key,
      hostnames: geography.hostnames,
      origins: originsOf(key),
      failoverOrigins: geography.failoverTo ? originsOf(geography.failoverTo) : undefined,
    }));

    this.edge = new GlobalEdge(this, "edge", {
      profileName: names.profile,
      endpointName: names.endpoint,
      resourceGroupName: resourceGroup.name,
      geographies,
      healthProbePath: PROBE_PATH,
      waf: {
        name: names.wafPolicy,
        mode: api.waf.mode,
        defaultRuleSet: api.waf.managedRuleSets.default,
        botManagerVersion: api.waf.managedRuleSets.botManager.version,
        rateLimitPerIpPerMinute: api.waf.rateLimitPerIpPerMinute,
        allowedCountries: api.waf.allowedCountries,
        maxRequestBodyBytes: requestBodyLimitBytes(requestBoundingModel(env), api.limits.maxRequestBodyKb),
      },
      diagnostics: { workspaceId: props.logs.logAnalytics.id },
    });
  }
}

/** The stacks of one region that the API stacks read. */
export interface RegionalStacks {
  readonly region: RegionConfig;
  readonly network: NetworkStack;
  readonly platform: PlatformStack;
  readonly inference: InferenceStack;
}

/** The endpoints the inference stack publishes, as the gateway needs them. */
function modelEndpoints(inference: InferenceStack): ModelEndpointReference[] {
  return Object.entries(inference.endpoints).map(([name, endpoint]) => ({
    name,
    resourceId: endpoint.endpoint.id,
    scoringUri: endpoint.endpoint.outputString("properties.scoringUri"),
  }));
}

/** A gateway stack in every region that serves a geography, then the environment's global edge in front of them. */
export function defineApiStacks(scope: Construct, env: Environment, api: ApiConfig, regional: readonly RegionalStacks[]): EdgeStack {
  const served = new Set(Object.values(api.geographies).flatMap((geography) => geography.regions as string[]));
  const gateways = new Map<string, GatewayStack>();
  for (const { region, network, platform, inference } of regional) {
    if (!served.has(region.location)) continue;
    gateways.set(
      region.location,
      new GatewayStack(scope, { env, region, api, network, platform, modelEndpoints: modelEndpoints(inference) }),
    );
  }
  const logsRegion = edgeLogsRegion(api);
  const logs = regional.find((stacks) => stacks.region.location === logsRegion);
  if (!logs) throw new Error(`${env.name}: api.edgeLogsRegion ${logsRegion} is not deployed. Fix: use one of the environment's regions`);
  return new EdgeStack(scope, { env, api, gateways, logs: logs.network });
}
