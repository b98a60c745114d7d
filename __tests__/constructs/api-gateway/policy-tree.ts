import { XMLParser } from "fast-xml-parser";
import { CLIENT_CREDENTIAL_HEADERS } from "../../../constructs/api-gateway/model-policies";

/** An element of parsed policy XML, children in document order. */
export interface XmlNode {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
  readonly text?: string;
}

const parser = new XMLParser({ ignoreAttributes: false, preserveOrder: true, attributeNamePrefix: "", parseAttributeValue: false, parseTagValue: false });

type Ordered = Record<string, unknown> & { ":@"?: Record<string, string> };

function toNode(entry: Ordered): XmlNode {
  const name = Object.keys(entry).find((key) => key !== ":@")!;
  const content = entry[name] as Ordered[];
  const text = content.find((child) => "#text" in child)?.["#text"];
  return {
    name,
    attributes: entry[":@"] ?? {},
    children: content.filter((child) => !("#text" in child)).map(toNode),
    text: text === undefined ? undefined : String(text),
  };
}

/** Parses policy XML with a real XML parser; throws on malformed XML. */
export function parsePolicy(xml: string): XmlNode {
  const [root] = (parser.parse(xml, true) as Ordered[]).map(toNode);
  if (root?.name !== "policies") throw new Error(`expected a <policies> document, got ${root?.name}`);
  return root;
}

export function section(policy: XmlNode, name: string): XmlNode {
  const found = policy.children.find((child) => child.name === name);
  if (!found) throw new Error(`no <${name}> in the policy`);
  return found;
}

export function child(node: XmlNode, name: string): XmlNode {
  const found = node.children.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no <${name}> in <${node.name}>`);
  return found;
}

export const names = (node: XmlNode): string[] => node.children.map((entry) => entry.name);

/**
 * What a product's inbound section must hold, in this order: authenticate, limit (body size, then completion tokens
 * against the model's context, in a `choose`), meter, re-authenticate, route to the endpoint's scoring path.
 */
export const PRODUCT_INBOUND_ORDER = [
  "base",
  "validate-jwt",
  "validate-content",
  "choose",
  "llm-token-limit",
  "llm-emit-token-metric",
  ...CLIENT_CREDENTIAL_HEADERS.map(() => "set-header"),
  "authentication-managed-identity",
  "set-backend-service",
  "rewrite-uri",
];
