import { atLeast, oneOf, show } from "../../engine/checks";
import { fail, pass, unknown, type Verdict } from "../../engine/rule";
import type { Resource } from "../../model/resource";
import { blocksAt, isAbsent, isUnknown, valueAt, type Value } from "../../model/value";
import { body, bodyValue } from "./azapi";

/*
 * Key Vault keys in both forms: `azurerm_key_vault_key` (the vault's data plane) and `azapi_resource` of ARM type
 * `Microsoft.KeyVault/vaults/keys` (the control plane, as constructs/key-vault/encryption-key.ts writes them). The
 * ARM body follows the KeyProperties schema of Microsoft.KeyVault 2023-07-01 (azure-rest-api-specs,
 * specification/keyvault/resource-manager/Microsoft.KeyVault/stable/2023-07-01/keys.json): `kty` (EC, EC-HSM, RSA,
 * RSA-HSM), `keySize` in bits, `attributes.exp` in seconds since 1970-01-01T00:00:00Z, and `rotationPolicy` with
 * `lifetimeActions[]` (`action.type` rotate or notify; `trigger.timeAfterCreate` or `trigger.timeBeforeExpiry`,
 * ISO 8601 durations) and `attributes.expiryTime` (the expiry of the versions rotation creates).
 */
export const KEY_VAULT_KEY = "Microsoft.KeyVault/vaults/keys";

/** The key's type and size as either form writes them: `key_type`/`key_size`, or the body's `kty`/`keySize`. */
export function keyTypeAndSize(resource: Resource): { type: Value | undefined; size: Value | undefined; where: { type: string; size: string } } {
  if (resource.type !== "azapi_resource") return { type: valueAt(resource.values, "key_type"), size: valueAt(resource.values, "key_size"), where: { type: "key_type", size: "key_size" } };
  return { type: bodyValue(resource, "properties.kty"), size: bodyValue(resource, "properties.keySize"), where: { type: "body.properties.kty", size: "body.properties.keySize" } };
}

/** The last second ARM's `exp` can name as a date (9999-12-31T23:59:59Z); a larger number is milliseconds, or never. */
const LAST_DATE_SECONDS = 253_402_300_799;

/**
 * The first version's expiry in the ARM body, `properties.attributes.exp`: set (a literal in seconds, or an
 * expression such as a `time_offset`'s `unix`), or not. Only the body as a whole, or the attributes block, coming
 * from an expression leaves it unknown.
 */
export function expectArmKeyExpiry(resource: Resource): Verdict {
  const attributes = bodyValue(resource, "properties.attributes");
  if (isUnknown(attributes)) return unknown(`body.properties.attributes is ${show(attributes)}; it must set exp`);
  const exp = bodyValue(resource, "properties.attributes.exp");
  if (isAbsent(exp)) return fail("body.properties.attributes.exp is not set; the key's first version never expires (rotationPolicy.attributes.expiryTime dates only the versions rotation creates)");
  if (isUnknown(exp)) return pass("body.properties.attributes.exp is set (to an expression)");
  if (typeof exp !== "number" || !Number.isInteger(exp) || exp <= 0) return fail(`body.properties.attributes.exp is ${show(exp)}; it must be a date in seconds since 1970-01-01T00:00:00Z, e.g. 1798761600`);
  if (exp > LAST_DATE_SECONDS) return fail(`body.properties.attributes.exp is ${exp}, after the year 9999 in seconds since 1970 (milliseconds?): the key never expires`);
  return pass(`body.properties.attributes.exp is ${exp} (${new Date(exp * 1000).toISOString()})`);
}

/** The ARM rotation policy must have a lifetime action of type rotate with a trigger. */
export function expectArmKeyRotation(resource: Resource): Verdict {
  const root = body(resource);
  if (isUnknown(root)) return unknown(`body is ${show(root)}; it must have a rotate lifetime action`);
  const actions = blocksAt(root, "properties.rotationPolicy.lifetimeActions");
  if (isUnknown(actions)) return unknown(`body.properties.rotationPolicy.lifetimeActions is ${show(actions)}; it must have a rotate action`);
  const where = "body.properties.rotationPolicy.lifetimeActions";
  const isRotate = oneOf("rotate");
  const rotates = actions.filter((action) => isRotate(valueAt(action, "action.type") ?? null));
  const triggered = rotates.filter((action) => ["trigger.timeAfterCreate", "trigger.timeBeforeExpiry"].some((path) => !isAbsent(valueAt(action, path))));
  if (triggered.length > 0) return pass(`${where} rotates the key (${show(valueAt(triggered[0], "trigger"))})`);
  if (actions.some((action) => isUnknown(action) || isUnknown(valueAt(action, "action.type")))) return unknown(`${where} has an action whose type is an expression; one must be rotate`);
  if (rotates.length > 0) return fail(`${where} has a rotate action without trigger.timeAfterCreate or trigger.timeBeforeExpiry: the key is never rotated`);
  return fail(actions.length === 0 ? `${where} is not set; the key is never rotated` : `${where} only notifies; none rotates the key`);
}

/** RSA keys (RSA, RSA-HSM) must be at least 2048 bits; other key types pass. */
export function expectRsaKeySize(resource: Resource): Verdict {
  const { type, size, where } = keyTypeAndSize(resource);
  if (typeof type === "string" && !oneOf("RSA", "RSA-HSM")(type)) return pass(`${where.type} is ${type}`);
  if (isUnknown(size)) return unknown(`${where.size} is ${show(size)}; it must be at least 2048`);
  if (isAbsent(size)) return isUnknown(type) ? unknown(`${where.type} is ${show(type)}; an RSA key needs ${where.size} of at least 2048`) : fail(`${where.size} is not set; it must be at least 2048`);
  return atLeast(2048)(size) ? pass(`${where.size} is ${show(size)}`) : fail(`${where.size} is ${show(size)}; it must be a number of at least 2048`);
}
