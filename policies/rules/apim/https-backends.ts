import { oneOf, show } from "../../engine/checks";
import { defineRule, fail, pass, unknown, type Verdict } from "../../engine/rule";
import type { Resource } from "../../model/resource";
import { isAbsent, isUnknown, valueAt } from "../../model/value";
import { AZURERM_2_TO_4 } from "../common/generations";

/** Protocols of an API that carry requests in clear text. */
const PLAIN = ["http", "ws"];

function httpsUrl(resource: Resource, path: string): Verdict {
  const url = valueAt(resource.values, path);
  if (isUnknown(url)) return unknown(`${path} is ${show(url)}; it must be an https:// URL`);
  if (isAbsent(url)) return pass(`no ${path}`);
  return typeof url === "string" && url.trim().toLowerCase().startsWith("https://") ? pass(`${path} is HTTPS`) : fail(`${path} is ${show(url)}; it must be an https:// URL`);
}

function checkApi(resource: Resource): Verdict {
  const protocols = valueAt(resource.values, "protocols");
  if (isUnknown(protocols)) return unknown(`protocols is ${show(protocols)}`);
  if (!Array.isArray(protocols) || protocols.length === 0) return fail('protocols is not set; set protocols = ["https"]');
  const plain = protocols.filter(oneOf(...PLAIN));
  if (plain.length > 0) return fail(`protocols include ${plain.join(", ")}: clients may call the API in clear text`);
  return httpsUrl(resource, "service_url");
}

export const apimHttpsOnly = defineRule({
  id: "FHI-APIM-006",
  title: "API Management APIs accept HTTPS only and backends are called over HTTPS",
  severity: "error",
  service: "apim",
  resourceTypes: ["azurerm_api_management_api", "azurerm_api_management_backend"],
  generations: AZURERM_2_TO_4,
  rationale:
    "The gateway terminates TLS from clients and opens its own connection to the backend: an API that accepts http (or ws) or a backend URL over http carries prompts and completions in clear text on that leg, behind every TLS setting of the gateway.",
  remediation: 'Set protocols = ["https"] on each azurerm_api_management_api, and use https:// URLs for its service_url and for azurerm_api_management_backend.url.',
  references: { checkov: ["CKV_AZURE_215"], hipaa: ["164.312(e)(1)", "164.312(e)(2)(ii)"] },
  check: (resource) => (resource.type === "azurerm_api_management_api" ? checkApi(resource) : httpsUrl(resource, "url")),
});
