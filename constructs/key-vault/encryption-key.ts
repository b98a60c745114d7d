import { Construct } from "constructs";
import { AzapiResource } from "../azapi/resource";
import { TimeOffset } from "../time/offset";

/**
 * Keys are created through Azure Resource Manager (`Microsoft.KeyVault/vaults/keys`), not the vault's data plane:
 * the vaults have no public network access and the pipeline has no path to them, nor any role on their data plane.
 * The ARM operation is "create if not exist": it creates a key's first version and never updates or deletes a key
 * (learn.microsoft.com/rest/api/keyvault/keyvault/keys/create-if-not-exist; the type has no DELETE). That suits a
 * customer-managed key: no apply can replace or remove it. Rotation and expiry of later versions follow the rotation
 * policy set at creation; changing it is a key custodian's data-plane operation (docs/deploy.md).
 */
export const KEY_VAULT_KEYS_TYPE = "Microsoft.KeyVault/vaults/keys@2023-07-01";

export interface EncryptionKeyBody {
  readonly properties: {
    readonly kty: "RSA" | "RSA-HSM";
    readonly keySize: number;
    readonly keyOps: readonly string[];
    /** `exp`: seconds since the epoch when the first version expires. */
    readonly attributes: { readonly enabled: boolean; readonly exp: number };
    readonly rotationPolicy: {
      readonly attributes: { readonly expiryTime: string };
      readonly lifetimeActions: readonly { readonly trigger: { readonly timeBeforeExpiry: string }; readonly action: { readonly type: "rotate" | "notify" } }[];
    };
  };
}

export interface EncryptionKeyProps {
  readonly name: string;
  readonly keyVaultId: string;
  /** RSA-HSM (needs a premium vault) instead of software-protected RSA. Default: true. */
  readonly hsmBacked?: boolean;
  /** Default: 3072. */
  readonly keySize?: 2048 | 3072 | 4096;
  /** Days after which a key version expires. Default: 365. */
  readonly expireAfterDays?: number;
  /** A new version is made this long before the current one expires. Default: P30D. */
  readonly rotateBeforeExpiry?: string;
}

/**
 * A customer-managed key for wrapping service data keys: HSM-backed, wrap/unwrap only, rotated automatically,
 * every version with an expiry date.
 */
export class EncryptionKey extends Construct {
  readonly key: AzapiResource<EncryptionKeyBody>;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    const expireAfterDays = props.expireAfterDays ?? 365;
    // The first version's expiry, fixed when the key is created; the rotation policy sets later versions'.
    const firstExpiry = new TimeOffset(this, "first-version-expiry", { offsetDays: expireAfterDays });
    this.key = new AzapiResource<EncryptionKeyBody>(this, "key", {
      type: KEY_VAULT_KEYS_TYPE,
      name: props.name,
      parentId: props.keyVaultId,
      body: {
        properties: {
          kty: (props.hsmBacked ?? true) ? "RSA-HSM" : "RSA",
          keySize: props.keySize ?? 3072,
          keyOps: ["wrapKey", "unwrapKey"],
          attributes: { enabled: true, exp: firstExpiry.unix },
          rotationPolicy: {
            attributes: { expiryTime: `P${expireAfterDays}D` },
            lifetimeActions: [
              { trigger: { timeBeforeExpiry: props.rotateBeforeExpiry ?? "P30D" }, action: { type: "rotate" } },
              { trigger: { timeBeforeExpiry: "P29D" }, action: { type: "notify" } },
            ],
          },
        },
      },
      responseExportValues: ["properties.keyUri", "properties.keyUriWithVersion"],
    });
  }

  /** The key without its version (`https://<vault>.vault.azure.net/keys/<name>`), so services follow rotation. */
  get versionlessId(): string {
    return this.key.outputString("properties.keyUri");
  }

  /** The first version's URL, for services that want a versioned key (Azure ML). */
  get versionedId(): string {
    return this.key.outputString("properties.keyUriWithVersion");
  }
}
