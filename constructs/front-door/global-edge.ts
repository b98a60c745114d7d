import { Construct } from "constructs";
import { CdnFrontdoorProfile } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-profile";
import { CdnFrontdoorEndpoint } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-endpoint";
import { CdnFrontdoorOriginGroup } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-origin-group";
import { CdnFrontdoorOrigin } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-origin";
import { CdnFrontdoorRoute } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-route";
import { CdnFrontdoorCustomDomain } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-custom-domain";
import { CdnFrontdoorCustomDomainAssociation } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-custom-domain-association";
import { CdnFrontdoorSecurityPolicy } from "@cdktf/provider-azurerm/lib/cdn-frontdoor-security-policy";
import { ResourceInterfaces } from "../shared/resource-interfaces";
import type { DiagnosticsProps } from "../shared/interfaces";
import { WafPolicy, type WafPolicyProps } from "./waf-policy";

/** A regional gateway Front Door reaches over Private Link. */
export interface PrivateOriginProps {
  /** Short, unique name, e.g. the region. */
  readonly name: string;
  /** The gateway's host name; also sent as Host and checked against its certificate. */
  readonly hostName: string;
  /** Resource ID of the API Management instance. */
  readonly privateLinkTargetId: string;
  /** Region of the API Management instance. */
  readonly location: string;
}

/** One data-residency geography: its public host names and the gateways that serve it. */
export interface EdgeGeographyProps {
  readonly key: string;
  readonly hostnames: readonly string[];
  /** Gateways of this geography; the one with the lowest latency serves. */
  readonly origins: readonly PrivateOriginProps[];
  /**
   * Gateways of another geography that take traffic only when all of this geography's are down. Default: none.
   * Data residency: only when the configuration explicitly allows that geography to fail over.
   */
  readonly failoverOrigins?: readonly PrivateOriginProps[];
}

export interface GlobalEdgeProps {
  readonly profileName: string;
  readonly endpointName: string;
  readonly resourceGroupName: string;
  readonly geographies: readonly EdgeGeographyProps[];
  /** Path Front Door probes on every origin; a gateway whose model is not ready leaves the rotation. */
  readonly healthProbePath: string;
  readonly waf: Omit<WafPolicyProps, "resourceGroupName" | "tags">;
  /** Seconds Front Door waits for the gateway; long generations need long waits. Default: 240 (the maximum). */
  readonly responseTimeoutSeconds?: number;
  readonly diagnostics?: DiagnosticsProps;
  readonly tags?: Readonly<Record<string, string>>;
}

/** Front Door resource names allow letters, digits and hyphens. */
export function domainResourceName(hostname: string): string {
  return hostname.replace(/\./g, "-");
}

const PRIORITY_OWN = 1;
const PRIORITY_FAILOVER = 2;

/**
 * The one public door of the API: Front Door Premium with a WAF bound to every domain, an origin group per
 * geography (latency routing among its own gateways, health-probed), origins reached only over Private Link,
 * HTTPS-only routes that redirect HTTP, custom domains with managed certificates on TLS 1.2, and no caching:
 * every response is one patient's.
 */
export class GlobalEdge extends Construct {
  readonly profile: CdnFrontdoorProfile;
  readonly endpoint: CdnFrontdoorEndpoint;
  readonly waf: WafPolicy;
  readonly originGroups: Record<string, CdnFrontdoorOriginGroup> = {};
  readonly origins: Record<string, CdnFrontdoorOrigin[]> = {};
  readonly routes: Record<string, CdnFrontdoorRoute> = {};
  readonly customDomains: Record<string, CdnFrontdoorCustomDomain> = {};
  readonly securityPolicy: CdnFrontdoorSecurityPolicy;
  readonly interfaces: ResourceInterfaces<never>;

  constructor(scope: Construct, id: string, props: GlobalEdgeProps) {
    super(scope, id);
    const tags = props.tags ? { ...props.tags } : undefined;
    this.profile = new CdnFrontdoorProfile(this, "profile", {
      name: props.profileName,
      resourceGroupName: props.resourceGroupName,
      skuName: "Premium_AzureFrontDoor",
      responseTimeoutSeconds: props.responseTimeoutSeconds ?? 240,
      // Query strings may carry identifiers; access logs keep the path, not the arguments.
      logScrubbingRule: [{ matchVariable: "QueryStringArgNames" }],
      tags,
    });
    const profileId = this.profile.id;
    this.endpoint = new CdnFrontdoorEndpoint(this, "endpoint", { name: props.endpointName, cdnFrontdoorProfileId: profileId, enabled: true, tags });
    this.waf = new WafPolicy(this, "waf", { ...props.waf, resourceGroupName: props.resourceGroupName, tags });

    for (const geography of props.geographies) {
      if (geography.origins.length === 0) throw new Error(`${this.node.path}: geography "${geography.key}" has no origin. Fix: give it at least one regional gateway`);
      const group = new CdnFrontdoorOriginGroup(this, `origin-group-${geography.key}`, {
        name: `og-${geography.key}`,
        cdnFrontdoorProfileId: profileId,
        sessionAffinityEnabled: false,
        restoreTrafficTimeToHealedOrNewEndpointInMinutes: 5,
        healthProbe: { protocol: "Https", requestType: "GET", path: props.healthProbePath, intervalInSeconds: 30 },
        // Latency-based: among healthy origins of equal priority, the fastest (within 50 ms) serve.
        loadBalancing: { sampleSize: 4, successfulSamplesRequired: 3, additionalLatencyInMilliseconds: 50 },
      });
      this.originGroups[geography.key] = group;
      const members = [
        ...geography.origins.map((origin) => ({ origin, priority: PRIORITY_OWN })),
        ...(geography.failoverOrigins ?? []).map((origin) => ({ origin, priority: PRIORITY_FAILOVER })),
      ];
      this.origins[geography.key] = members.map(
        ({ origin, priority }) =>
          new CdnFrontdoorOrigin(this, `origin-${geography.key}-${origin.name}`, {
            name: `origin-${origin.name}`,
            cdnFrontdoorOriginGroupId: group.id,
            enabled: true,
            hostName: origin.hostName,
            originHostHeader: origin.hostName,
            httpsPort: 443,
            certificateNameCheckEnabled: true,
            priority,
            weight: 1000,
            privateLink: {
              privateLinkTargetId: origin.privateLinkTargetId,
              targetType: "Gateway",
              location: origin.location,
              requestMessage: `Front Door ${props.profileName} -> ${origin.name} gateway (approve per docs/request-path.md)`,
            },
          }),
      );

      const domains = geography.hostnames.map((hostname) => {
        const domain = new CdnFrontdoorCustomDomain(this, `domain-${domainResourceName(hostname)}`, {
          name: domainResourceName(hostname),
          cdnFrontdoorProfileId: profileId,
          hostName: hostname,
          tls: { certificateType: "ManagedCertificate", minimumTlsVersion: "TLS12" },
        });
        this.customDomains[hostname] = domain;
        return domain;
      });

      const route = new CdnFrontdoorRoute(this, `route-${geography.key}`, {
        name: `route-${geography.key}`,
        cdnFrontdoorEndpointId: this.endpoint.id,
        cdnFrontdoorOriginGroupId: group.id,
        cdnFrontdoorOriginIds: this.origins[geography.key].map((origin) => origin.id),
        cdnFrontdoorCustomDomainIds: domains.map((domain) => domain.id),
        // Clients reach a geography by its own host name only; the shared endpoint host routes nowhere.
        linkToDefaultDomain: false,
        patternsToMatch: ["/*"],
        supportedProtocols: ["Http", "Https"],
        httpsRedirectEnabled: true,
        forwardingProtocol: "HttpsOnly",
        enabled: true,
      });
      this.routes[geography.key] = route;
      domains.forEach((domain, index) => {
        new CdnFrontdoorCustomDomainAssociation(this, `domain-association-${domainResourceName(geography.hostnames[index])}`, {
          cdnFrontdoorCustomDomainId: domain.id,
          cdnFrontdoorRouteIds: [route.id],
        });
      });
    }

    const domainIds = [...Object.values(this.customDomains).map((domain) => domain.id), this.endpoint.id];
    this.securityPolicy = new CdnFrontdoorSecurityPolicy(this, "security-policy", {
      name: "waf-all-domains",
      cdnFrontdoorProfileId: profileId,
      securityPolicies: {
        firewall: {
          cdnFrontdoorFirewallPolicyId: this.waf.policy.id,
          association: { patternsToMatch: ["/*"], domain: domainIds.map((cdnFrontdoorDomainId) => ({ cdnFrontdoorDomainId })) },
        },
      },
    });

    this.interfaces = new ResourceInterfaces(this, "interfaces", {
      resourceId: profileId,
      placement: { name: props.profileName, location: "global", resourceGroupName: props.resourceGroupName },
      props: { diagnostics: props.diagnostics },
    });
  }
}
