import { Construct } from "constructs";
import {
  CdnFrontdoorFirewallPolicy,
  type CdnFrontdoorFirewallPolicyCustomRule,
  type CdnFrontdoorFirewallPolicyLogScrubbingScrubbingRule,
} from "@cdktf/provider-azurerm/lib/cdn-frontdoor-firewall-policy";

export interface ManagedRuleSetProps {
  readonly type: string;
  readonly version: string;
}

export interface WafPolicyProps {
  /** Letters and digits only, starting with a letter (Front Door WAF policy names). */
  readonly name: string;
  readonly resourceGroupName: string;
  /** Default: Prevention. Detection only logs what it would block. */
  readonly mode?: "Prevention" | "Detection";
  /** Default: Microsoft_DefaultRuleSet 2.1. */
  readonly defaultRuleSet?: ManagedRuleSetProps;
  /** Version of Microsoft_BotManagerRuleSet. Default: 1.1. */
  readonly botManagerVersion?: string;
  /** Requests one client IP may send per minute. */
  readonly rateLimitPerIpPerMinute: number;
  /** ISO country codes allowed to call; empty or absent: no geo filter. */
  readonly allowedCountries?: readonly string[];
  /** Requests whose Content-Length exceeds this are blocked at the edge. */
  readonly maxRequestBodyBytes: number;
  readonly tags?: Readonly<Record<string, string>>;
}

export const BOT_MANAGER_RULE_SET = "Microsoft_BotManagerRuleSet";

/** Never written to WAF logs: a match inside a body or query would otherwise copy patient data into the log. */
const SCRUBBED: readonly CdnFrontdoorFirewallPolicyLogScrubbingScrubbingRule[] = [
  { matchVariable: "RequestBodyJsonArgNames", operator: "EqualsAny" },
  { matchVariable: "RequestBodyPostArgNames", operator: "EqualsAny" },
  { matchVariable: "QueryStringArgNames", operator: "EqualsAny" },
  { matchVariable: "RequestHeaderNames", operator: "Equals", selector: "Authorization" },
  { matchVariable: "RequestHeaderNames", operator: "Equals", selector: "Ocp-Apim-Subscription-Key" },
];

/**
 * The edge's web application firewall: Prevention mode, the Microsoft default and bot manager rule sets (blocking),
 * request bodies inspected, a per-client-IP rate limit, a size limit, an optional country allow-list, and logs
 * scrubbed of anything a caller sent in a body, query or credential header.
 */
export class WafPolicy extends Construct {
  readonly policy: CdnFrontdoorFirewallPolicy;

  constructor(scope: Construct, id: string, props: WafPolicyProps) {
    super(scope, id);
    if (!/^[a-zA-Z][a-zA-Z0-9]{0,127}$/.test(props.name)) {
      throw new Error(`${this.node.path}: WAF policy name "${props.name}" must be letters and digits starting with a letter. Fix: drop hyphens, e.g. wafprodedge`);
    }
    const defaultRuleSet = props.defaultRuleSet ?? { type: "Microsoft_DefaultRuleSet", version: "2.1" };
    this.policy = new CdnFrontdoorFirewallPolicy(this, "policy", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      skuName: "Premium_AzureFrontDoor",
      enabled: true,
      mode: props.mode ?? "Prevention",
      requestBodyCheckEnabled: true,
      customBlockResponseStatusCode: 403,
      managedRule: [
        { type: defaultRuleSet.type, version: defaultRuleSet.version, action: "Block" },
        { type: BOT_MANAGER_RULE_SET, version: props.botManagerVersion ?? "1.1", action: "Block" },
      ],
      customRule: customRules(props),
      logScrubbing: { enabled: true, scrubbingRule: [...SCRUBBED] },
      tags: props.tags,
    });
  }
}

function customRules(props: WafPolicyProps): CdnFrontdoorFirewallPolicyCustomRule[] {
  const countries = props.allowedCountries ?? [];
  const geoFilter: CdnFrontdoorFirewallPolicyCustomRule[] =
    countries.length === 0
      ? []
      : [
          {
            name: "AllowedCountriesOnly",
            type: "MatchRule",
            priority: 100,
            action: "Block",
            matchCondition: [{ matchVariable: "RemoteAddr", operator: "GeoMatch", negationCondition: true, matchValues: [...countries] }],
          },
        ];
  return [
    ...geoFilter,
    {
      name: "RequestTooLarge",
      type: "MatchRule",
      priority: 200,
      action: "Block",
      matchCondition: [{ matchVariable: "RequestHeader", selector: "Content-Length", operator: "GreaterThan", matchValues: [String(props.maxRequestBodyBytes)] }],
    },
    {
      // Front Door counts rate-limit rules per client socket address; the condition matches every request.
      name: "RateLimitPerClientIp",
      type: "RateLimitRule",
      priority: 300,
      action: "Block",
      rateLimitDurationInMinutes: 1,
      rateLimitThreshold: props.rateLimitPerIpPerMinute,
      matchCondition: [{ matchVariable: "SocketAddr", operator: "IPMatch", negationCondition: true, matchValues: ["127.0.0.1/32"] }],
    },
  ];
}
