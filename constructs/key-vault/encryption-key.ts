import { Construct } from "constructs";
import { Fn } from "cdktf";
import { KeyVaultKey } from "@cdktf/provider-azurerm/lib/key-vault-key";

export interface EncryptionKeyProps {
  readonly name: string;
  readonly keyVaultId: string;
  /** RSA-HSM (needs a premium vault) instead of software-protected RSA. Default: true. */
  readonly hsmBacked?: boolean;
  /** Default: 3072. */
  readonly keySize?: 2048 | 3072 | 4096;
  /** ISO 8601 duration after which a key version expires. Default: P1Y. */
  readonly expireAfter?: string;
  /** A new version is made this long before the current one expires. Default: P30D. */
  readonly rotateBeforeExpiry?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/** Hours in the first version's lifetime; later versions take theirs from the rotation policy. */
const FIRST_VERSION_LIFETIME = "8760h";

/**
 * A customer-managed key for wrapping service data keys: HSM-backed, wrap/unwrap only, rotated automatically,
 * every version with an expiry date.
 */
export class EncryptionKey extends Construct {
  readonly key: KeyVaultKey;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    const expireAfter = props.expireAfter ?? "P1Y";
    this.key = new KeyVaultKey(this, "key", {
      name: props.name,
      keyVaultId: props.keyVaultId,
      keyType: (props.hsmBacked ?? true) ? "RSA-HSM" : "RSA",
      keySize: props.keySize ?? 3072,
      keyOpts: ["wrapKey", "unwrapKey"],
      // Set once at creation; the rotation policy owns expiry afterwards, so later plans ignore it.
      expirationDate: Fn.timeadd(Fn.timestamp(), FIRST_VERSION_LIFETIME),
      rotationPolicy: {
        expireAfter,
        notifyBeforeExpiry: "P29D",
        automatic: { timeBeforeExpiry: props.rotateBeforeExpiry ?? "P30D" },
      },
      lifecycle: { ignoreChanges: ["expiration_date"] },
      tags: props.tags,
    });
  }

  /** The key without its version, so services follow rotation. */
  get versionlessId(): string {
    return this.key.versionlessId;
  }
}
