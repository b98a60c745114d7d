/**
 * Rules of the public API config that relate several fields. `checkApi` needs only the `api` object;
 * `checkApiPlacement` relates it to the regions the environment deploys.
 */
import type { z } from "zod";
import type { ApiConfig } from "./api";

type Ctx = z.RefinementCtx;

function fail(ctx: Ctx, path: (string | number)[], message: string): void {
  ctx.addIssue({ code: "custom", path, message });
}

export function checkApi(api: ApiConfig, ctx: Ctx): void {
  const geographies = Object.entries(api.geographies);
  const regionOwner = new Map<string, string>();
  const hostOwner = new Map<string, string>();
  for (const [key, geography] of geographies) {
    geography.regions.forEach((region, index) => {
      const owner = regionOwner.get(region);
      if (owner !== undefined) {
        fail(ctx, ["geographies", key, "regions", index], `region ${region} already serves geography "${owner}"; an origin group would mix geographies. Fix: list each region under one geography only`);
      }
      regionOwner.set(region, key);
    });
    geography.hostnames.forEach((host, index) => {
      const owner = hostOwner.get(host);
      if (owner !== undefined) fail(ctx, ["geographies", key, "hostnames", index], `host name ${host} is already used by geography "${owner}". Fix: give each geography its own host names`);
      hostOwner.set(host, key);
    });
    if (geography.failoverTo === undefined) continue;
    if (geography.failoverTo === key) {
      fail(ctx, ["geographies", key, "failoverTo"], `geography "${key}" cannot fail over into itself. Fix: remove failoverTo, or name another geography`);
    } else if (!(geography.failoverTo in api.geographies)) {
      fail(ctx, ["geographies", key, "failoverTo"], `no geography "${geography.failoverTo}". Fix: use one of ${geographies.map(([name]) => name).join(", ")}, or remove failoverTo`);
    }
  }

  const seenProducts = new Set<string>();
  api.products.forEach((product, index) => {
    if (seenProducts.has(product.name)) fail(ctx, ["products", index, "name"], `duplicate product name "${product.name}". Fix: give each product its own name`);
    seenProducts.add(product.name);
    // zod still runs this check when a limit failed its own (positive) check; that one is reported already.
    const bothValid = product.tokensPerMinute > 0 && product.monthlyTokenQuota > 0;
    if (bothValid && product.tokensPerMinute > product.monthlyTokenQuota) {
      fail(
        ctx,
        ["products", index, "tokensPerMinute"],
        `${product.tokensPerMinute} tokens per minute exceed the monthly quota of ${product.monthlyTokenQuota}. Fix: lower tokensPerMinute or raise monthlyTokenQuota`,
      );
    }
  });
}

/** What placement reads of an environment (typed apart from the schema so the schema can refer to this check). */
interface DeployedRegions {
  readonly api?: ApiConfig;
  readonly regions: readonly { readonly location: string; readonly subnets: { readonly apiGateway?: string }; readonly endpoints: readonly unknown[] }[];
}

/** Front Door routes a geography only to gateways the environment deploys, and a gateway needs its subnet and a model. */
export function checkApiPlacement(env: DeployedRegions, ctx: Ctx): void {
  const api = env.api;
  if (!api) return;
  const deployed = new Map(env.regions.map((region) => [region.location, region]));
  const known = [...deployed.keys()].join(", ");
  for (const [key, geography] of Object.entries(api.geographies)) {
    geography.regions.forEach((location, index) => {
      const path = ["api", "geographies", key, "regions", index];
      const region = deployed.get(location);
      if (!region) {
        fail(ctx, path, `region ${location} is not deployed by this environment. Fix: use one of ${known}, or add the region to regions`);
        return;
      }
      if (region.subnets.apiGateway === undefined) {
        fail(ctx, path, `region ${location} has no subnets.apiGateway for its API gateway. Fix: add a subnets.apiGateway range (/27 or larger) to that region`);
      }
      if (region.endpoints.length === 0) {
        fail(ctx, path, `region ${location} has no online endpoint for its gateway to call. Fix: add an endpoint to that region, or remove the region from the geography`);
      }
    });
  }
  if (api.edgeLogsRegion !== undefined && !deployed.has(api.edgeLogsRegion)) {
    fail(ctx, ["api", "edgeLogsRegion"], `region ${api.edgeLogsRegion} is not deployed by this environment. Fix: use one of ${known}`);
  }
}
