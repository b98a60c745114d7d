import type { ValueObject } from "../../policies/model";
import { SCRUTINY_RULES } from "../../review/scrutiny/registry";
import { scrutinize } from "../../review/scrutiny/scrutinize";
import { change } from "./helpers";

/** What the whole registry says about one change: `kind: reason` lines. */
function notes(type: string, before: ValueObject | null, after: ValueObject | null): string[] {
  const subject = change(type, before, after);
  scrutinize([subject], SCRUTINY_RULES);
  return subject.security.map((note) => `${note.kind}: ${note.reason}`);
}

const policy = (limit: string) => ({ xml_content: `<policies><inbound><base /><llm-token-limit counter-key="@(context.Subscription.Id)" ${limit} /></inbound></policies>` });
const waf = (threshold: number) => ({
  mode: "Prevention",
  custom_rule: [{ name: "RateLimitPerClientIp", type: "RateLimitRule", rate_limit_threshold: threshold, rate_limit_duration_in_minutes: 1 }],
});

test("a raised token limit is broadening and shows before and after", () => {
  expect(notes("azurerm_api_management_product_policy", policy('tokens-per-minute="5000" token-quota="20000000"'), policy('tokens-per-minute="20000" token-quota="20000000"'))).toEqual([
    "broadening: tokens per minute 5000 -> 20000",
  ]);
});

test("a raised WAF rate limit and a switch to Detection are each broadening, with before and after", () => {
  expect(notes("azurerm_cdn_frontdoor_firewall_policy", waf(600), { ...waf(1200), mode: "Detection" })).toEqual([
    'broadening: WAF mode "Prevention" -> "Detection"',
    "broadening: rate limit RateLimitPerClientIp 600 requests per 1 min -> 1200 requests per 1 min",
  ]);
});

test("body logging turned on names the direction and the bytes", () => {
  expect(notes("azurerm_api_management_diagnostic", { backend_response: { body_bytes: 0 } }, { backend_response: { body_bytes: 8192 } })).toEqual([
    "broadening: backend response body logging (bytes) 0 -> 8192",
  ]);
});

test("a backup origin in another geography names both the region and its geography", () => {
  expect(notes("azurerm_cdn_frontdoor_origin", null, { priority: 2, private_link: { location: "eastus2" } })).toEqual([
    "broadening: failover origin in eastus2 (United States) added: the group's traffic goes there when its own origins are down",
  ]);
});
