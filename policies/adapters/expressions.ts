import { Unknown, type Value } from "../model/value";
import type { RawReference } from "./raw";

const INTERPOLATION = /\$\{|%\{/;
const ESCAPED = /\$\$\{|%%\{/g;
/** `type.name` or `data.type.name` (resource types always contain `_`), optionally under `module.x.`. */
const ADDRESS = /(?<![\w.-])((?:module\.[\w-]+(?:\[[^\]]*\])?\.)*(?:data\.)?[a-z][a-z0-9]*_[a-z0-9_]*\.[A-Za-z_][\w-]*(?:\[[^\]]*\])?)/g;
const REMOTE_OUTPUT = /data\.terraform_remote_state\.([\w-]+)\.outputs\.([\w-]+)/g;

/** Addresses mentioned in a Terraform template string; cross-stack outputs are reported as `remote`. */
export function referencesIn(text: string, path: string): RawReference[] {
  const references: RawReference[] = [];
  const withoutRemote = text.replace(REMOTE_OUTPUT, (_match, dataName: string, output: string) => {
    references.push({ path, address: `data.terraform_remote_state.${dataName}`, remote: { dataName, output } });
    return "";
  });
  for (const match of withoutRemote.matchAll(ADDRESS)) {
    if (!match[1].startsWith("data.terraform_remote_state.")) references.push({ path, address: match[1] });
  }
  return references;
}

/**
 * A string from Terraform JSON: literal text stays a string (with `$${` escapes undone); anything with an
 * interpolation or template directive is an expression whose value is Unknown until Terraform evaluates it.
 */
export function stringValue(text: string): string | Unknown {
  // Most strings hold no brace at all: no interpolation, no escape.
  if (!text.includes("{")) return text;
  if (!INTERPOLATION.test(text.replace(ESCAPED, ""))) return text.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");
  return new Unknown(`expression ${text.length > 80 ? `${text.slice(0, 77)}...` : text}`, text);
}

/** Path segments joined without list indexes: how rules name attribute paths. */
export function attributePath(segments: readonly string[]): string {
  return segments.filter((segment) => !/^\d+$/.test(segment)).join(".");
}

/** Keys of a Terraform JSON resource body that are meta-arguments, not attributes. */
export const META_ARGUMENTS = new Set(["//", "count", "for_each", "depends_on", "lifecycle", "provider", "provisioner", "connection"]);

/**
 * Converts a Terraform JSON attribute value to a model Value, collecting the references of every
 * expression on the way. `dynamic` blocks become Unknown (their content depends on `for_each`).
 */
export function convertConfigValue(raw: unknown, segments: string[], references: RawReference[]): Value {
  if (typeof raw === "string") {
    const value = stringValue(raw);
    if (typeof value !== "string") references.push(...referencesIn(raw, attributePath(segments)));
    return value;
  }
  if (raw === null || typeof raw === "boolean" || typeof raw === "number") return raw;
  // `segments` is the path of `raw`: extended for each item and restored after, rather than copied per value.
  if (Array.isArray(raw)) {
    const out: Value[] = [];
    for (let index = 0; index < raw.length; index += 1) {
      segments.push(String(index));
      out.push(convertConfigValue(raw[index], segments, references));
      segments.pop();
    }
    return out;
  }
  if (typeof raw === "object") {
    const out: Record<string, Value> = {};
    for (const key in raw) {
      const item = (raw as Record<string, unknown>)[key];
      if (key === "dynamic" && typeof item === "object" && item !== null) {
        for (const block in item) {
          segments.push(block);
          convertConfigValue((item as Record<string, unknown>)[block], segments, references);
          segments.pop();
          out[block] = new Unknown(`dynamic "${block}" block`);
        }
        continue;
      }
      segments.push(key);
      out[key] = convertConfigValue(item, segments, references);
      segments.pop();
    }
    return out;
  }
  return null;
}
