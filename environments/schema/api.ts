/**
 * The public API of an environment: one Front Door with a WAF in front of an API Management gateway per region,
 * grouped by data-residency geography. Absent for environments that serve no public API. Rules that relate
 * several fields live in `api-checks.ts`.
 */
import { z } from "zod";
import { REGION_CODES, type RegionName } from "./regions";
import { checkApi } from "./api-checks";

/** A lowercase DNS name with at least two labels, e.g. `eu.api.example.org`. */
export const hostname = z
  .string()
  .max(253)
  .regex(/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/, {
    error: (issue) => `"${String(issue.input)}" is not a valid DNS host name. Fix: use lowercase labels of letters, digits and inner hyphens, e.g. eu.api.example.org`,
  });

const geographyKey = z.string().regex(/^[a-z]{2,8}$/, { error: "must be 2-8 lowercase letters, e.g. us or eu" });

const regionName = z.enum(Object.keys(REGION_CODES) as [RegionName, ...RegionName[]], {
  error: (issue) => `"${String(issue.input)}" is not a region we know. Fix: use one of the environment's regions`,
});

export const geography = z.object({
  /** Public host names clients of this geography call; each gets a managed certificate on Front Door. */
  hostnames: z.array(hostname).min(1, { error: "needs at least one public host name. Fix: e.g. [\"eu.api.example.org\"]" }),
  /** Regions whose gateways serve this geography; requests are routed to the one with the lowest latency. */
  regions: z.array(regionName).min(1, { error: "needs at least one region. Fix: name a region the environment deploys" }),
  /**
   * Another geography whose regions take this geography's traffic when all of its own are down. Default: none;
   * health data stays in its geography. Setting it is a data-residency decision, shown as such in review.
   */
  failoverTo: geographyKey.optional(),
});

export const product = z.object({
  /** APIM product ID: lowercase letters, digits and hyphens. */
  name: z.string().regex(/^[a-z][a-z0-9-]{1,79}$/, { error: "must be 2-80 lowercase letters, digits or hyphens starting with a letter, e.g. clinical-standard" }),
  displayName: z.string().min(1),
  /** Prompt plus completion tokens one subscription may use per minute (llm-token-limit). */
  tokensPerMinute: z.number().int().positive({ error: "must be a positive whole number of tokens" }),
  /** Tokens one subscription may use per calendar month. */
  monthlyTokenQuota: z.number().int().positive({ error: "must be a positive whole number of tokens" }),
  /** New subscriptions wait for an administrator's approval. Default: true. */
  approvalRequired: z.boolean().default(true),
  /** Subscriptions made for known consumers (their keys live only in the private state and API Management). */
  subscriptions: z
    .array(z.object({ name: z.string().regex(/^[a-z][a-z0-9-]{1,79}$/, { error: "must be 2-80 lowercase letters, digits or hyphens" }), displayName: z.string().min(1) }))
    .default([]),
});

export const MANAGED_RULE_SET_TYPES = ["Microsoft_DefaultRuleSet", "DefaultRuleSet"] as const;

export const waf = z.object({
  /** Detection only logs what it would block; never for serving patients. */
  mode: z.enum(["Prevention", "Detection"]).default("Prevention"),
  managedRuleSets: z
    .object({
      default: z
        .object({ type: z.enum(MANAGED_RULE_SET_TYPES).default("Microsoft_DefaultRuleSet"), version: z.string().regex(/^\d+\.\d+$/).default("2.1") })
        .prefault({}),
      botManager: z.object({ version: z.string().regex(/^\d+\.\d+$/).default("1.1") }).prefault({}),
    })
    .prefault({}),
  /** Requests one client IP may send per minute before the WAF blocks it. */
  rateLimitPerIpPerMinute: z.number().int().positive().default(600),
  /** ISO 3166-1 alpha-2 country codes allowed to call; empty: no geo filter. */
  allowedCountries: z.array(z.string().regex(/^[A-Z]{2}$/, { error: "must be an ISO 3166-1 alpha-2 country code such as SE" })).default([]),
});

export const apiGateway = z.object({
  /** A tier that takes Front Door's Private Link inbound and reaches the VNet outbound. */
  sku: z.string().regex(/^StandardV2_\d+$/, { error: "must be StandardV2_<units>: the tier that takes Front Door's Private Link and integrates with the VNet. Fix: e.g. StandardV2_1" }).default("StandardV2_1"),
  publisherName: z.string().min(1),
  publisherEmail: z.email(),
});

export const apiConfig = z
  .object({
    geographies: z.record(geographyKey, geography).refine((value) => Object.keys(value).length > 0, { error: "needs at least one geography" }),
    /** The Entra ID app that client tokens must be issued for. */
    entraId: z.object({
      /** Default: the environment's tenant. */
      tenantId: z.guid({ error: "must be a GUID" }).optional(),
      audience: z.string().min(1),
    }),
    products: z.array(product).min(1, { error: "needs at least one product. Fix: add one with its token limits" }),
    waf: waf.prefault({}),
    limits: z
      .object({
        /** Default: the largest body the model's context can take (environments/schema/model-fit.ts, maxRequestBytes). */
        maxRequestBodyKb: z.number().int().positive().max(4096).optional(),
        maxResponseBodyKb: z.number().int().positive().max(16384).default(1024),
      })
      .prefault({}),
    gateway: apiGateway,
    /** Where Front Door's access and WAF logs go. Default: the first geography's first region. */
    edgeLogsRegion: regionName.optional(),
  })
  .superRefine(checkApi);

export type ApiConfig = z.output<typeof apiConfig>;
export type GeographyConfig = z.output<typeof geography>;
export type ProductConfig = z.output<typeof product>;
export type WafConfig = z.output<typeof waf>;
